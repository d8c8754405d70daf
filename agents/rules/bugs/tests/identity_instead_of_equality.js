function check(items, opts, name) {
  // ruleid: B004
  if (items === []) {
    return 'empty';
  }
  // ruleid: B004
  if (opts != {}) {
    return 'configured';
  }
  // ruleid: B004
  const same = [] !== items;
  // ok: B004
  if (items.length === 0 || name === 'x') {
    return 'ok';
  }
  // ok: B004
  if (opts === null || opts === undefined) {
    return 'none';
  }
  // ok: B004
  return Object.keys(opts).length !== 0 && items === list;
}
