const crypto = require("crypto");
const { createCipheriv } = require("node:crypto");
const CryptoJS = require("crypto-js");

function encrypt(key, iv, text, password) {
  // ruleid: S021
  const a = crypto.createCipheriv("des-ede3-cbc", key, iv);
  // ruleid: S021
  const b = crypto.createCipheriv("aes-256-ecb", key, null);
  // ruleid: S021
  const c = createCipheriv('rc4', key, '');
  // ruleid: S021
  const d = crypto.createDecipheriv("bf-cbc", key, iv);
  // ruleid: S021
  const e = crypto.createCipher("aes-256-cbc", password);
  // ruleid: S021
  const f = require("crypto").createDecipher(algorithm, password);
  // ruleid: S021
  const g = CryptoJS.DES.encrypt(text, key).toString();
  // ruleid: S021
  const h = CryptoJS.AES.encrypt(text, key, { mode: CryptoJS.mode.ECB });
  // ruleid: S021
  const i = CryptoJS.TripleDES.decrypt(text, key);
  // ruleid: S021
  const j = crypto.createCipheriv("DES-CBC", key, iv);
  return [a, b, c, d, e, f, g, h, i, j];
}

function fine(key, iv, text, algorithm) {
  // ok: S021
  const a = crypto.createCipheriv("aes-256-gcm", key, iv);
  // ok: S021
  const b = crypto.createCipheriv(algorithm, key, iv);
  // ok: S021
  const c = CryptoJS.AES.encrypt(text, key, { mode: CryptoJS.mode.CBC, iv });
  // ok: S021
  const d = crypto.createCipheriv("chacha20-poly1305", key, iv, { authTagLength: 16 });
  // ok: S021
  const e = "createCipheriv('des-cbc')";
  // ok: S021
  const f = forge.cipher.createCipher("AES-GCM", key);
  return [a, b, c, d, e, f];
}
