def check(order, flags):
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
    # ok: R005, R006
    return ready == order.valid
