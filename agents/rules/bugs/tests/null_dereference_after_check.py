def describe(user, log):
    if user is None:
        # ruleid: B032
        log.info("anonymous visit by %s", user.name)
    return "ok"


def title(page):
    if page is None:
        # ruleid: B032
        return page.title.strip()
    return ""


def first_item(items):
    if items is not None:
        return items[0]
    else:
        # ruleid: B032
        return items[1]


def close(conn):
    if conn == None:
        # ruleid: B032
        conn.close()


def ensure(cache, key):
    if cache is None:
        # ok: B032
        cache = {}
        cache[key] = 1
    return cache


def kind(value):
    if value is None:
        # ok: B032
        return value.__class__.__name__
    return type(value).__name__


def fallback(user, default):
    if user is None:
        # ok: B032
        return default.name
    return user.name


def guarded(user):
    if user is not None:
        # ok: B032
        return user.name
    return None
