using System.IO;

public class InsecureTempFile
{
    // ruleid: S032
    private const string Cache = "/tmp/app-cache.bin";

    public void Write(string text)
    {
        // ruleid: S032
        File.WriteAllText("/tmp/report.csv", text);
        // ruleid: S032
        using var stream = new FileStream("/var/tmp/upload.bin", FileMode.Create);
        // ruleid: S032
        var lockPath = Path.Combine(Path.GetTempPath(), "app.lock");
    }

    public void Fine(string text)
    {
        // ok: S032
        var tmp = Path.GetTempFileName();
        // ok: S032
        var dir = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName());
        // ok: S032
        File.WriteAllText(Path.Combine(dir, "report.csv"), text);
        // ok: S032
        var etc = File.ReadAllText("/etc/app.conf");
    }
}
