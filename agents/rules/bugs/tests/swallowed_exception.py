def load(path):
    try:
        return open(path).read()
    # ruleid: B001
    except OSError:
        pass


def load_logged(path, log):
    try:
        return open(path).read()
    # ok: B001
    except OSError as e:
        log.warning("cannot read %s: %s", path, e)
