const crypto = require("crypto");

function sessionId() {
  // ruleid: S022
  return Math.random().toString(36).slice(2);
}

function jitter(ms) {
  // ruleid: S022
  return ms + Math.floor(Math.random() * 100);
}

function legacy(n) {
  // ruleid: S022
  return crypto.pseudoRandomBytes(n);
}

function fine(n) {
  // ok: S022
  const a = crypto.randomBytes(n);
  // ok: S022
  const b = crypto.randomUUID();
  // ok: S022
  const c = crypto.getRandomValues(new Uint8Array(n));
  // ok: S022
  const d = "Math.random()";
  // ok: S022
  const e = Math.round(n);
  return [a, b, c, d, e];
}
