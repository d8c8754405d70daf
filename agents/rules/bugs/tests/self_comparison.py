def same(a, b):
    # ruleid: B003
    if a.size == a.size:
        return True
    # ok: B003
    return a.size == b.size
