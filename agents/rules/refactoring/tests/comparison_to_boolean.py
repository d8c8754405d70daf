def check(order, flags, x, y):
    # ruleid: R005
    if order.valid == True:
        return 1
    # ruleid: R006
    if is_paid(order) == False:
        return 2
    # ruleid: R005
    ready = flags["ready"] != False
    # ok: R005, R006
    if order.valid is True or order.valid:
        return 3
    # ruleid: R005
    if True == order.valid:
        return 4
    # ruleid: R006
    if False == x:
        return 5
    # ruleid: R006
    if x != True:
        return 6
    # ruleid: R006
    if True != flags["ready"]:
        return 7
    # ruleid: R005
    if False != x:
        return 8
    # ruleid: R005
    same = True == True
    # ok: R005, R006
    if x == True == y or True == x in [1, 2] or y < x != False:
        return 9
    # ok: R005, R006
    if True == False or x + 1 == True:
        return same
    # ok: R005, R006
    return ready == order.valid
