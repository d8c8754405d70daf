const crypto = require("crypto");
const { generateKeyPairSync } = require("crypto");
const forge = require("node-forge");
const NodeRSA = require("node-rsa");
const EC = require("elliptic").ec;

function weakKeys(callback) {
  crypto.generateKeyPair(
    "rsa",
    {
      // ruleid: S025
      modulusLength: 1024,
      publicKeyEncoding: { type: "spki", format: "pem" },
    },
    callback,
  );
  // ruleid: S025
  const dsaPair = generateKeyPairSync("dsa", { modulusLength: 1024, divisorLength: 160 });
  // ruleid: S025
  const ecPair = crypto.generateKeyPairSync("ec", { namedCurve: "secp192k1" });
  // ruleid: S025
  const ecPair2 = crypto.generateKeyPairSync("ec", { namedCurve: "prime192v1" });
  // ruleid: S025
  const dhPair = crypto.generateKeyPairSync("dh", { primeLength: 1024 });
  // ruleid: S025
  const dhGroup = crypto.generateKeyPairSync("dh", { group: "modp2" });
  // ruleid: S025
  const dh = crypto.createDiffieHellman(1024);
  // ruleid: S025
  const dh2 = crypto.getDiffieHellman("modp1");
  // ruleid: S025
  const ecdh = crypto.createECDH("secp192k1");
  // ruleid: S025
  const forgeKeys = forge.pki.rsa.generateKeyPair({ bits: 1024, e: 0x10001 });
  // ruleid: S025
  const forgeKeys2 = forge.pki.rsa.generateKeyPair(512);
  // ruleid: S025
  const nodeRsa = new NodeRSA({ b: 512 });
  // ruleid: S025
  const ellipticKey = new EC("p192");
  return [dsaPair, ecPair, ecPair2, dhPair, dhGroup, dh, dh2, ecdh, forgeKeys, forgeKeys2, nodeRsa, ellipticKey];
}

async function webCrypto() {
  return crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      // ruleid: S025
      modulusLength: 1024,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  );
}

function strongKeys(bits) {
  // ok: S025
  const a = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  // ok: S025
  const b = crypto.generateKeyPairSync("rsa", { modulusLength: bits });
  // ok: S025
  const c = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  // ok: S025
  const d = crypto.generateKeyPairSync("ec", { namedCurve: "secp384r1" });
  // ok: S025
  const e = crypto.createDiffieHellman(2048);
  // ok: S025
  const f = crypto.getDiffieHellman("modp14");
  // ok: S025
  const g = crypto.createECDH("prime256v1");
  // ok: S025
  const h = forge.pki.rsa.generateKeyPair({ bits: 4096, e: 0x10001 });
  // ok: S025
  const i = new NodeRSA({ b: 2048 });
  // ok: S025
  const j = new EC("secp256k1");
  // ok: S025
  const k = { group: "admins", bits: 512 };
  // ok: S025
  const l = crypto.generateKeyPairSync("dsa", { modulusLength: 3072, divisorLength: 256 });
  return [a, b, c, d, e, f, g, h, i, j, k, l];
}
