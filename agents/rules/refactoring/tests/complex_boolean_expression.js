function allowed(user, doc, now) {
  // ruleid: R001
  if (user && user.active && !user.locked && (user.admin || doc.owner === user.id)) {
    return true;
  }
  // ok: R001
  if (user && user.active && !user.locked) return true;
  // ruleid: R001
  return doc.public || doc.shared || doc.owner === user.id || user.admin || now < doc.expiry;
}
