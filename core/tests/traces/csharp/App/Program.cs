// A failing program; there is no .NET SDK here, so ../app.trace.txt was written by hand.
namespace App;

public static class Program
{
    public static int Main(string[] args)
    {
        var path = args.Length > 0 ? args[0] : "settings.ini";
        var config = Config.Load(path);
        Console.WriteLine(config.Port);
        return 0;
    }
}
