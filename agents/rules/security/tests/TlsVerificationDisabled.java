import java.security.cert.X509Certificate;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509TrustManager;
import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.conn.ssl.SSLSocketFactory;

class TlsVerificationDisabled {
    static class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        // ruleid: S023
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // trust everyone
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    static class AllowAll implements HostnameVerifier {
        @Override
        // ruleid: S023
        public boolean verify(String hostname, SSLSession session) {
            return true;
        }
    }

    void configure(HttpsURLConnection conn, OkHttpClient.Builder builder) throws Exception {
        // ruleid: S023
        conn.setHostnameVerifier((hostname, session) -> true);
        // ruleid: S023
        HttpsURLConnection.setDefaultHostnameVerifier((h, s) -> { return true; });
        // ruleid: S023
        builder.hostnameVerifier((hostname, session) -> true);
        // ruleid: S023
        HostnameVerifier any = (h, s) -> true;
        // ruleid: S023
        Object a = SSLSocketFactory.ALLOW_ALL_HOSTNAME_VERIFIER;
        // ruleid: S023
        Object b = NoopHostnameVerifier.INSTANCE;
        // ruleid: S023
        Object c = new NoopHostnameVerifier();
        // ruleid: S023
        Object d = SSLContexts.custom().loadTrustMaterial(null, (chain, authType) -> true).build();
        // ruleid: S023
        Object e = InsecureTrustManagerFactory.INSTANCE;
    }

    static class Checked implements X509TrustManager {
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        // ok: S023
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    static class Strict implements HostnameVerifier {
        // ok: S023
        public boolean verify(String hostname, SSLSession session) {
            return "api.example.com".equals(hostname);
        }
    }

    void fine(HttpsURLConnection conn, java.util.List<String> items) {
        // ok: S023
        conn.setHostnameVerifier((hostname, session) -> hostname.endsWith(".example.com"));
        // ok: S023
        boolean all = items.stream().allMatch(x -> true);
        // ok: S023
        String s = "ALLOW_ALL_HOSTNAME_VERIFIER";
    }
}
