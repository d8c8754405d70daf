function handle(user) {
  // ruleid: R011
  if (!user.active) {
    archive(user);
  } else {
    notify(user);
  }
  // ok: R011
  if (!user.active) {
    archive(user);
  } else if (user.admin) {
    notify(user);
  }
  // ok: R011
  if (!user.active && user.old) {
    archive(user);
  } else {
    notify(user);
  }
}
