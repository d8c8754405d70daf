import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import okhttp3.ConnectionSpec;
import okhttp3.TlsVersion;

class InsecureTlsVersion {
    void configure(SSLSocket socket) throws Exception {
        // ruleid: S024
        SSLContext a = SSLContext.getInstance("TLSv1");
        // ruleid: S024
        SSLContext b = SSLContext.getInstance("SSL");
        // ruleid: S024
        SSLContext c = javax.net.ssl.SSLContext.getInstance("TLSv1.1");
        // ruleid: S024
        socket.setEnabledProtocols(new String[] {"TLSv1.2", "TLSv1.1"});
        // ruleid: S024
        System.setProperty("https.protocols", "TLSv1,TLSv1.1,TLSv1.2");
        ConnectionSpec spec = new ConnectionSpec.Builder(ConnectionSpec.MODERN_TLS)
            // ruleid: S024
            .tlsVersions(TlsVersion.TLS_1_0)
            .build();
    }

    void fine(SSLSocket socket) throws Exception {
        // ok: S024
        SSLContext a = SSLContext.getInstance("TLS");
        // ok: S024
        SSLContext b = SSLContext.getInstance("TLSv1.3");
        // ok: S024
        socket.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        // ok: S024
        System.setProperty("https.protocols", "TLSv1.2,TLSv1.3");
        // ok: S024
        String s = "SSLContext.getInstance(\"TLSv1\")";
        // ok: S024
        ConnectionSpec spec = new ConnectionSpec.Builder(ConnectionSpec.MODERN_TLS).tlsVersions(TlsVersion.TLS_1_2).build();
    }
}
