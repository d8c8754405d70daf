function same(a, b) {
  // ruleid: B003
  if (a.length === a.length) { return true; }
  // ok: B003
  return a.length === b.length;
}
