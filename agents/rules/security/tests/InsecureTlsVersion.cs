using System.Net;
using System.Security.Authentication;

class InsecureTlsVersion
{
    void Configure(SslStream stream)
    {
        // ruleid: S024
        ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls;
        // ruleid: S024
        ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12 | SecurityProtocolType.Tls11;
        // ruleid: S024
        stream.AuthenticateAsClient("example.com", null, SslProtocols.Ssl3, true);
        var handler = new HttpClientHandler
        {
            // ruleid: S024
            SslProtocols = System.Security.Authentication.SslProtocols.Tls,
        };
    }

    void Fine(SslStream stream)
    {
        // ok: S024
        ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12 | SecurityProtocolType.Tls13;
        // ok: S024
        stream.AuthenticateAsClient("example.com", null, SslProtocols.None, true);
        // ok: S024
        if (stream.SslProtocol == SslProtocols.Tls) { }
        // ok: S024
        var s = "SslProtocols.Tls";
    }
}
