def notify_all(user, x):
    # ruleid: R008
    if user is not None:
        if user.active:
            notify(user)
    # ok: R008
    if user is not None:
        if user.active:
            notify(user)
        else:
            log(user)
    # ok: R008
    if user is not None:
        log(user)
        if user.active:
            notify(user)
    if x > 0:
        sign = 1
    # ruleid: R009
    else:
        if x < 0:
            sign = -1
        else:
            sign = 0
    if x > 0:
        sign = 1
    # ok: R009
    else:
        log(x)
        if x < 0:
            sign = -1
    return sign
