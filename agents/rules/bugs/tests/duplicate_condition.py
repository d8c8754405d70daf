def dispatch(kind, path, size):
    if kind == "file":
        return open_file(path)
    elif kind == "dir":
        return list_dir(path)
    # ruleid: B006
    elif kind == "file":
        return follow(path)
    # ok: B006
    elif kind == "link":
        return follow(path)
    # ruleid: B006
    elif kind == "dir":
        return None
    if size > 10:
        return "big"
    # ok: B006
    elif size > 100:
        return "huge"
    if size:
        if kind == "file":
            return 1
    # ok: B006
    elif kind == "file":
        return 2
    return "small"
