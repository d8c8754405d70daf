const tls = require("tls");
const https = require("https");

// ruleid: S024
tls.DEFAULT_MIN_VERSION = "TLSv1";

function serve(key, cert) {
  const server = https.createServer({
    key,
    cert,
    // ruleid: S024
    secureProtocol: "TLSv1_method",
  });
  // ruleid: S024
  const ctx = tls.createSecureContext({ minVersion: "TLSv1.1" });
  // ruleid: S024
  const old = tls.connect({ host: "example.com", port: 443, maxVersion: 'TLSv1' });
  return [server, ctx, old];
}

function fine() {
  // ok: S024
  const a = tls.createSecureContext({ minVersion: "TLSv1.2" });
  // ok: S024
  const b = tls.createSecureContext({ secureProtocol: "TLS_method" });
  // ok: S024
  const c = "secureProtocol: 'TLSv1_method'";
  // ok: S024
  const d = tls.connect({ host: "example.com", port: 443, maxVersion: "TLSv1.3" });
  return [a, b, c, d];
}
