function update(user, name, items, i) {
  // ruleid: B014
  name = name;
  // ruleid: B014
  items[i] = items[i];
  // ok: B014
  user.name = name;
  // ok: B014
  user.avatar.src = user.avatar.src;
  // ok: B014
  let copy = name;
  // ok: B014
  name += name;
  return [copy, items];
}
