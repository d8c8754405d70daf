function port(env) {
  // ruleid: B040
  const p = parseInt(env.PORT);
  // ruleid: B040
  const q = Number.parseInt(env.QUEUE_SIZE);
  return p + q;
}

function ok(env, args) {
  // ok: B040
  const p = parseInt(env.PORT, 10);
  // ok: B040
  const h = Number.parseInt(env.MASK, 16);
  // ok: B040
  const n = parseInt(...args);
  // ok: B040
  const f = parseFloat(env.RATIO);
  return p + h + n + f;
}
