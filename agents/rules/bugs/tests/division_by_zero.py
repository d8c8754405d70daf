def average(total, count, parts):
    # ruleid: B010
    mean = total / 0
    # ruleid: B010
    chunk = len(parts) // 0.0
    # ruleid: B010
    q, r = divmod(total, 0)
    # ruleid: B010
    total /= 0
    # ok: B010
    label = "%d items" % 0
    # ok: B010
    check = raises(ZeroDivisionError, lambda: total / 0)
    # ok: B010
    boom = 1 / 0
    # ok: B010
    safe = total / count if count else 0
    return mean, chunk, q, r, label, check, boom, safe
