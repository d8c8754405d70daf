def tidy(users, tags, rows, gen):
    # ruleid: P005
    names = list(sorted(users))
    # ruleid: P005
    by_age = list(sorted(users, key=lambda u: u.age))
    # ruleid: P005
    unique = set(list(tags))
    # ruleid: P005
    ordered = sorted(tuple(rows))
    # ruleid: P005
    copy = list(list(gen))
    # ok: P005
    newest = list(reversed(sorted(users)))
    # ok: P005
    merged = sorted(list(tags) + list(rows))
    # ok: P005
    flat = set(list(*rows))
    # ok: P005
    twice = sorted(sorted(users, key=len))
    return names, by_age, unique, ordered, copy, newest, merged, flat, twice
