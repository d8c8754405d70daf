using System.Net;
using System.Net.Http;
using System.Net.Security;

class TlsVerificationDisabled
{
    HttpClient Create(Stream stream)
    {
        // ruleid: S023
        ServicePointManager.ServerCertificateValidationCallback = (sender, cert, chain, errors) => true;
        // ruleid: S023
        ServicePointManager.ServerCertificateValidationCallback += delegate { return true; };
        var handler = new HttpClientHandler();
        // ruleid: S023
        handler.ServerCertificateCustomValidationCallback = (message, cert, chain, errors) => { return true; };
        var other = new HttpClientHandler
        {
            // ruleid: S023
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        };
        // ruleid: S023
        var ssl = new SslStream(stream, false, (s, c, ch, e) => true);
        var options = new SslClientAuthenticationOptions
        {
            // ruleid: S023
            RemoteCertificateValidationCallback = (s, c, ch, e) => true,
        };
        return new HttpClient(handler);
    }

    HttpClient Fine()
    {
        var handler = new HttpClientHandler();
        // ok: S023
        handler.ServerCertificateCustomValidationCallback = (message, cert, chain, errors) => errors == SslPolicyErrors.None;
        // ok: S023
        Func<int, bool> always = x => true;
        // ok: S023
        var s = "DangerousAcceptAnyServerCertificateValidator";
        return new HttpClient(handler);
    }
}
