TEXT_KINDS = {"csv", "tsv", "txt"}


def load_all(rows, a, b, c):
    loaded = []
    for row in rows:
        # ruleid: P003
        if row.kind in ["csv", "tsv", "txt"]:
            loaded.append(row)
        # ruleid: P003
        elif row.code not in [1, 2, 3, 4]:
            continue
        # ok: P003
        if row.kind in {"csv", "tsv", "txt"}:
            loaded.append(row)
        # ok: P003
        if row.kind in [a, b, c]:
            loaded.append(row)
        # ok: P003
        if row.kind in ["csv", "tsv"]:
            loaded.append(row)
    # ruleid: P003
    codes = [r for r in rows if r.code in [200, 201, 204]]
    # ok: P003
    if rows[0].kind in ["csv", "tsv", "txt"]:
        return loaded
    return codes
