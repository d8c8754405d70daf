using System.IO;

class UnusedVariable
{
    int Load(string path)
    {
        // ruleid: R021
        var unused = path.Trim();
        // ok: R021
        int n = path.Length;
        // ok: R021
        using var stream = File.OpenRead(path);
        System.Func<int> f = () => n;
        return f();
    }
}
