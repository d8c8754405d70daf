import math


def checkout(total, rate, scale):
    # ruleid: B009
    if total == 0.3:
        apply_discount()
    # ruleid: B009
    if rate != -0.1:
        warn()
    # ruleid: B009
    done = 1e-3 == scale
    # ok: B009
    if total == 0.0 or rate == 1.0 or scale != -1.0:
        return None
    # ok: B009
    if rate == 0.5 or scale == 2.25:
        return None
    # ok: B009
    if math.isclose(total, 0.3) or round(total, 2) == 0.3:
        return done
    # ok: B009
    if total < 0.3 or total >= 0.7:
        return None
    return total
