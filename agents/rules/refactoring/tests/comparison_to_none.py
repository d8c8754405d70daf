def find(users, name, default=None):
    for user in users:
        # ruleid: R015
        if user.name == None:
            continue
        # ruleid: R015
        if None == user.email:
            continue
    # ok: R015
    if default is None:
        return users
    # ok: R015
    missing = name != None and name == "none"
    return missing
