function load(cache, key, items) {
  // ruleid: R007
  if (cache.has(key)) {
  } else {
    cache.load(key);
  }
  // ruleid: R007
  for (const item of items) {}
  // ok: R007
  if (key === null) {
    // nothing to do: the cache fills itself
  }
  // ok: R007
  while (cache.busy()) {}
}
