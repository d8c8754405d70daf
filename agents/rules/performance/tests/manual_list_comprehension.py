def names(users, out):
    # ruleid: P009
    result = []
    for user in users:
        result.append(user.name)
    # ruleid: P009
    active = []
    for user in users:
        if user.active:
            active.append(user)
    # ok: P009
    both = []
    for user in users:
        both.append(user.name)
        out.append(user.id)
    # ok: P009
    split = []
    for user in users:
        if user.active:
            split.append(user)
        else:
            out.append(user)
    # ok: P009
    late = []
    count = len(users)
    for user in users:
        late.append(user)
    return result, active, both, split, late, count
