using System;
using System.IO;

class Settings
{
    const string Default = "";

    string Load(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        // ruleid: B031
        catch (Exception)
        {
            return Default;
        }
    }

    string LoadLogged(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        // ruleid: B031
        catch (System.Exception ex)
        {
            return Default;
        }
    }

    string LoadReported(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        // ok: B031
        catch (Exception ex)
        {
            Errors.Add(ex);
            return Default;
        }
    }

    string LoadAsserted(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        // ok: B031
        catch (Exception)
        {
            Debug.Assert(false);
            return Default;
        }
    }

    string LoadAnything(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        // ruleid: B031
        catch
        {
            return Default;
        }
    }

    string LoadWrapped(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        // ok: B031
        catch (Exception ex)
        {
            throw new InvalidOperationException("cannot read " + path, ex);
        }
    }

    string LoadFiltered(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        // ok: B031
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            return Default;
        }
    }

    string LoadSpecific(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        // ok: B031
        catch (IOException)
        {
            return Default;
        }
    }

    string LoadDocumented(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        // ok: B031
        catch (Exception)
        {
            // A missing or locked file means "use the defaults".
            return Default;
        }
    }

    string LoadOrThrow(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        // ok: B031
        catch
        {
            Console.Error.WriteLine("failed");
            throw;
        }
    }
}
