namespace App;

/// <summary>Reads `port = N` from a settings file; fails inside System.Int32.Parse.</summary>
public sealed record Config(int Port)
{
    public static Config Load(string path)
    {
        var text = File.ReadAllText(path);
        try
        {
            return new Config(ParsePort(text));
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"Could not load config from {path}", e);
        }
    }

    static int ParsePort(string text)
    {
        var value = text.Split('=')[1].Trim();
        return int.Parse(value);
    }
}
