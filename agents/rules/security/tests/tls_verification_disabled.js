const https = require("https");
const tls = require("tls");
const axios = require("axios");
const request = require("superagent");

// ruleid: S023
process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
// ruleid: S023
process.env["NODE_TLS_REJECT_UNAUTHORIZED"] = 0;

function fetch(url, ca) {
  // ruleid: S023
  const agent = new https.Agent({ rejectUnauthorized: false });
  const req = https.request({
    hostname: "example.com",
    port: 443,
    // ruleid: S023
    "rejectUnauthorized": false,
  });
  // ruleid: S023
  const socket = tls.connect(443, "example.com", { checkServerIdentity: () => undefined });
  // ruleid: S023
  const r = requestLib({ url, strictSSL: false });
  // ruleid: S023
  request.get(url).disableTLSCerts().end();
  const child = spawn("node", ["x.js"], {
    // ruleid: S023
    env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: "0" },
  });
  // ruleid: S023
  curl.request({ url, SSL_VERIFYPEER: 0 }, () => {});
  // ruleid: S023
  handle.setOpt(Curl.option.SSL_VERIFYHOST, false);
  // ruleid: S023
  handle.setOpt("SSL_VERIFYPEER", 0);
  // ok: S023
  handle.setOpt(Curl.option.SSL_VERIFYPEER, 1);
  return [agent, req, socket, r, child];
}

function fine(url, ca) {
  // ok: S023
  const agent = new https.Agent({ rejectUnauthorized: true, ca });
  // ok: S023
  const req = https.request({ hostname: "example.com", port: 443, path: "/" });
  // ok: S023
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = "1";
  // ok: S023
  const s = "rejectUnauthorized: false";
  // ok: S023
  const socket = tls.connect(443, "example.com", { checkServerIdentity: (host, cert) => tls.checkServerIdentity(host, cert) });
  return [agent, req, s, socket];
}
