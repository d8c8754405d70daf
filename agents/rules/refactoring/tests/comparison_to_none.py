def find(users, name, default=None):
    for user in users:
        # ruleid: R015
        if user.name == None:
            continue
        # ruleid: R015
        if None == user.email:
            continue
        # ruleid: R015
        if user.phone != None:
            continue
        # ruleid: R015
        if None != user.address:
            continue
    # ok: R015
    if default is None:
        return users
    # ok: R015
    if default is not None == name is not None:
        return default
    # ok: R015
    missing = name is not None and name == "none"
    return missing
