def render(rows, names):
    out = ""
    header = make_header()
    for row in rows:
        # ruleid: P001
        out += row.name + "\n"
        if row.extra:
            # ruleid: P001
            out += ", "
        # ok: P001
        header += "|"
        line = ""
        # ok: P001
        line += row.name
    i = 0
    while i < 10:
        # ruleid: P001
        out += str(i)
        i += 1
    total = 0
    for row in rows:
        # ok: P001
        total += row.count

        def inner():
            # ok: P001
            out += "x"
    # ok: P001
    out += "done"
    return out
