using System.Data.SqlClient;
using System.IO;

class Loader
{
    string ReadAll()
    {
        // ruleid: B033
        return new StreamReader("settings.json").ReadToEnd();
    }

    long Size(string path)
    {
        // ruleid: B033
        return File.OpenRead(path).Length;
    }

    int FirstByte(string path)
    {
        // ruleid: B033
        return new FileStream(path, FileMode.Open).ReadByte();
    }

    void Ping(string connectionString)
    {
        // ruleid: B033
        new SqlConnection(connectionString).Open();
    }

    string ReadAllSafely(string path)
    {
        // ok: B033
        using (var reader = new StreamReader(path))
        {
            return reader.ReadToEnd();
        }
    }

    string ReadFromStream(Stream stream)
    {
        // ok: B033
        return new StreamReader(stream).ReadToEnd();
    }

    string ReadText(string path)
    {
        // ok: B033
        return File.ReadAllText(path);
    }

    void Touch(string path)
    {
        // ok: B033
        File.Create(path).Dispose();
    }
}
