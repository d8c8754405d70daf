MAX_RETRIES = 7


def check(password, retries, items, size=4096):
    # ruleid: R002
    if len(password) < 12:
        return False
    # ok: R002
    seconds = size * 86400
    # ok: R002
    if retries > MAX_RETRIES:
        return False
    # ok: R002
    half = size / 2
    # ok: R002
    first = items[3]
    # ok: R002
    mask = size & 0xFF
    # ok: R002
    if retries == -1:
        return True
    return seconds, half, first, mask
