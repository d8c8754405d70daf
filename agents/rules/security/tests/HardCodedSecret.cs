using System.Net;

public class HardCodedSecret
{
    // ruleid: S034
    private const string ApiKey = "f3c9a8e2b1d04c7a";
    // ruleid: S034
    public string Password { get; set; } = "Pa55w0rd!";
    // ok: S034
    private const string PasswordParameter = "password";

    public void Configure(SmtpClient smtp, string password)
    {
        // ruleid: S034
        smtp.Credentials = new NetworkCredential("mailer", "m4il-s3cret");
        var options = new ClientOptions
        {
            // ruleid: S034
            ClientSecret = "a1b2c3d4e5f6"
        };
        // ruleid: S034
        if (password == "letmein")
        {
            return;
        }
        // ok: S034
        var secret = Environment.GetEnvironmentVariable("CLIENT_SECRET");
        // ok: S034
        var token = "";
    }
}
