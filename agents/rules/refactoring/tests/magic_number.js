const MAX_RETRIES = 7;

function check(password, retries, items) {
  // ruleid: R002
  if (password.length < 12) return false;
  // ok: R002
  if (retries > MAX_RETRIES) return false;
  // ok: R002
  const first = items[3];
  // ok: R002
  return retries === -1 || items.length * 2 > first;
}
