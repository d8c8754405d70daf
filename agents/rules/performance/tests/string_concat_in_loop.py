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


report = "# header\n"
for row in load_rows():
    # ruleid: P001
    report += row.name
    if row.extra:
        # ruleid: P001
        report += row.extra

summary = ""  # filled below
# one line per section
# ruleid: P001
for section in SECTIONS: summary += section

counter = 0
for row in load_rows():
    # ok: P001
    counter += 1

report = 0
for row in load_rows():
    # ok: P001
    report += row.size

title = ""
other = []
for row in load_rows():
    # ok: P001
    title += row.name
