function describe(user, log) {
  if (user === null) {
    // ruleid: B032
    log.info("anonymous visit by " + user.name);
  }
  if (user == undefined) {
    // ruleid: B032
    user.visits += 1;
  }
}

function title(page) {
  // ruleid: B032
  if (null == page) return page.title.trim();
  return "";
}

function first(items) {
  if (items !== null) {
    return items[0];
  } else {
    // ruleid: B032
    const fallback = items[1];
    return fallback;
  }
}

function ensure(cache, key) {
  if (cache == null) {
    // ok: B032
    cache = new Map();
    cache.set(key, 1);
  }
  return cache;
}

function optional(user) {
  if (user == null) {
    // ok: B032
    return user?.name;
  }
  return user.name;
}

function other(user, fallback) {
  if (user === null) {
    // ok: B032
    return fallback.name;
  }
  // ok: B032
  if (user !== null) return user.name;
}
