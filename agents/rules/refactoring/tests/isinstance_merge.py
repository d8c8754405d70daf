def kinds(var, value, it, flag):
    # ruleid: R013
    if isinstance(var[3], int) or isinstance(var[3], float):
        return 1
    # ruleid: R013
    if isinstance(value.data, int) or isinstance(value.data, float) or isinstance(value.data, complex):
        return 2
    # ruleid: R013
    if isinstance(value, int) or flag or isinstance(value, float):
        return 3
    # ruleid: R013
    if isinstance(value, (int, float)) or isinstance(value, list):
        return 4
    # ok: R013
    if isinstance(var[3], int) or isinstance(var[4], float):
        return 5
    # ok: R013
    if isinstance(var[next(it)], int) or isinstance(var[next(it)], float):
        return 6
    # ok: R013
    if isinstance(value, int) and flag or isinstance(value, float) and not flag:
        return 7
    # ok: R013
    if isinstance(value, int) or not isinstance(value, float):
        return 8
    # ok: R013
    return isinstance(value, int) or (flag or isinstance(value, float))
