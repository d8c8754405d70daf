function check(users, pick) {
  // ruleid: P013
  if (users.filter((u) => u.admin).length > 0) return true;
  // ruleid: P013
  const any = pick(users).filter(Boolean).length !== 0;
  // ok: P013
  const many = users.filter((u) => u.admin).length > 1;
  // ok: P013
  const count = users.filter((u) => u.admin).length;
  // ok: P013
  return users.some((u) => u.admin) || any || many || count;
}
