function average(total, count) {
  // ruleid: B010
  const mean = total / 0;
  // ruleid: B010
  const rest = count % 0;
  let acc = total;
  // ruleid: B010
  acc /= 0;
  // ok: B010
  const inf = 1 / 0;
  // ok: B010
  const safe = count ? total / count : 0;
  // ok: B010
  return [mean, rest, acc, inf, safe, total / 10, total % 2];
}
