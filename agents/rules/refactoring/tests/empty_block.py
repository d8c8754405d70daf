def load(cache, key, items):
    # ruleid: R007
    if key in cache:
        pass
    else:
        cache.load(key)
    # ruleid: R007
    for item in items:
        pass
    if key:
        cache.load(key)
    # ruleid: R007
    else:
        pass
    # ok: R007
    if key is None:
        # nothing to do: the cache fills itself
        pass
    # ok: R007
    while cache.busy():
        pass
    # ok: R007
    if key:
        cache.touch(key)
