def classify(status, code, parts, flags):
    # ruleid: B004
    if status is "done":
        return 1
    # ruleid: B004
    if code is not 404:
        return 2
    # ruleid: B004
    if -1 is code:
        return 3
    # ruleid: B004
    if parts is ():
        return 4
    # ruleid: B004
    while flags is not []:
        flags.pop()
    # ok: B004
    if status is None or code is not True:
        return 5
    # ok: B004
    if status == "done" and code != 404:
        return 6
    # ok: B004
    if parts is flags or status is SENTINEL:
        return 7
    # ok: B004
    if code is -sentinel:
        return 8
    return 0
