function walk(user, node, re, text) {
  // ruleid: B005
  if (user.role = 'admin') {
    grant(user);
  }
  // ruleid: B005
  while (node = node.parent) {
    visit(node);
  }
  let m;
  do {
    use(m);
  // ruleid: B005
  } while (m = re.exec(text));
  // ok: B005
  const label = (node = next()) ? 'yes' : 'no';
  // ok: B005
  while ((m = re.exec(text))) {
    use(m);
  }
  // ok: B005
  if (user.role === 'admin' || (m = cache.get(user)) !== undefined) {
    grant(user);
  }
  // ok: B005
  if (user.count += 1) {
    grant(user);
  }
  // ok: B005
  for (let i = 0; i < 3; i = i + 1) {
    use(i);
  }
}
