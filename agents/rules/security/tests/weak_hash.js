const crypto = require("crypto");
const { createHash } = require("node:crypto");
const CryptoJS = require("crypto-js");
const md5 = require("md5");

function fingerprint(data) {
  // ruleid: S020
  const a = crypto.createHash("md5").update(data).digest("hex");
  // ruleid: S020
  const b = crypto.createHash('sha1');
  // ruleid: S020
  const c = createHash(`MD5`);
  // ruleid: S020
  const d = require("crypto").createHash("sha1").update(data).digest("base64");
  // ruleid: S020
  const e = crypto.hash("sha1", data);
  // ruleid: S020
  const f = CryptoJS.MD5(data).toString();
  // ruleid: S020
  const g = CryptoJS.SHA1(data);
  // ruleid: S020
  const h = md5(data);
  return [a, b, c, d, e, f, g, h];
}

async function webDigest(data) {
  // ruleid: S020
  return crypto.subtle.digest("SHA-1", data);
}

function fine(data, alg) {
  // ok: S020
  const a = crypto.createHash("sha256").update(data).digest("hex");
  // ok: S020
  const b = crypto.createHash(alg);
  // ok: S020
  const c = CryptoJS.SHA256(data);
  // ok: S020
  const d = crypto.subtle.digest("SHA-256", data);
  // ok: S020
  const e = "createHash('md5') is weak"; // md5(data)
  // ok: S020
  const f = crypto.createHmac("sha256", key).update(data).digest("hex");
  return [a, b, c, d, e, f];
}
