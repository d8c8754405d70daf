def parse_line(line):
    key, value = line.split("=", 1
    return key.strip(), value.strip()


def still_measured(x):
    if x:
        return 1
    return 0
