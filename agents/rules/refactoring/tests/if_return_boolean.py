def same_size(a, b, items):
    # ruleid: R003
    if len(a) == len(b):
        return True
    else:
        return False


def other(a, b, items):
    # ok: R003
    if len(a) == len(b):
        return False
    else:
        return True


def third(items):
    # ok: R003
    if items:
        log("x")
        return True
    else:
        return False
