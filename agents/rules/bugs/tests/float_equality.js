function checkout(total, rate) {
  // ruleid: B009
  if (total === 0.3) {
    applyDiscount();
  }
  // ruleid: B009
  if (0.1 + 0.2 == 0.3) {
    warn();
  }
  // ruleid: B009
  const tiny = rate !== 1e-9;
  // ok: B009
  if (total === 0 || rate === 1.0 || total === 0.5) {
    return null;
  }
  // ok: B009
  if (Math.abs(total - 0.3) < Number.EPSILON) {
    return tiny;
  }
  // ok: B009
  return total <= 0.3;
}
