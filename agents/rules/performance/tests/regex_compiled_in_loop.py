import re

COMMENT = re.compile(r"\s*#")


def scan(lines, names):
    for line in lines:
        # ruleid: P002
        if re.match(r"\s*#", line):
            continue
        # ruleid: P002
        key = re.compile("[a-z]+").search(line)
        # ok: P002
        if COMMENT.match(line):
            continue
        # ok: P002
        found = re.search(f"^{key}", line)
    # ok: P002
    for m in re.finditer(r"\d+", lines[0]):
        print(m)
    # ok: P002
    for m in re.compile(r"\d+").finditer(lines[1]):
        print(m)
    # ruleid: P002
    cleaned = [re.sub(r"\s+", " ", n) for n in names]
    # ok: P002
    single = re.sub(r"\s+", " ", names[0])
    return cleaned, single, found


def dynamic(lines, prefix):
    for line in lines:
        # ok: P002
        if re.search("^%s" % prefix, line):
            return line
        # ruleid: P002
        if re.search("^a" "b", line):
            return line
