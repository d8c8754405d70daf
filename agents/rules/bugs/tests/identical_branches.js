function render(user, view) {
  let out;
  // ruleid: B007
  if (user.isAdmin) {
    out = view.render(true);
  } else {
    out = view.render(true);
  }
  // ok: B007
  if (user.isAdmin) {
    out = view.render(true);
  } else if (user.isStaff) {
    out = view.render(false);
  } else {
    out = view.render(true);
  }
  if (view.a) {
    out = 1;
  // ok: B007
  } else if (view.b) {
    out = 2;
  } else {
    out = 2;
  }
  // ruleid: B007
  const title = user.name ? user.name : user.name;
  // ok: B007
  const label = user.name ? user.name : 'anonymous';
  return [out, title, label];
}
