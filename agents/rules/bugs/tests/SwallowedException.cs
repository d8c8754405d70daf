class Loader
{
    string Load(string path)
    {
        try
        {
            return System.IO.File.ReadAllText(path);
        }
        // ruleid: B001
        catch (System.IO.IOException)
        {
        }
        try
        {
            return System.IO.File.ReadAllText(path);
        }
        // ok: B001
        catch (System.IO.IOException e)
        {
            throw new System.InvalidOperationException("unreadable", e);
        }
    }
}
