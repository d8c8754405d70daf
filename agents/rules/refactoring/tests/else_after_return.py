def name(user, items):
    if not user:
        return None
    # ruleid: R004
    else:
        name = user.name.strip()
        return name or user.email


def check(items):
    for item in items:
        if item.skip:
            continue
        # ruleid: R004
        else:
            print(item)
            print(item.name)
    if items:
        return 1
    # ok: R004
    elif len(items) > 3:
        return 2
    else:
        return 3


def other(x):
    if x:
        print(x)
    # ok: R004
    else:
        return 0


def symmetric(x):
    if x:
        return 1
    # ok: R004
    else:
        return 2
