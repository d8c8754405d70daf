DEFAULTS = {"a": 1}


def keys_everywhere(settings, metadata, key):
    # ruleid: R012
    for name in {"a": 1}.keys():
        print(name)
    # ruleid: R012
    squares = {k: k * k for k in dict(a=1).keys()}
    # ruleid: R012
    if key in {}.keys():
        return squares
    # ruleid: R012
    if key not in list(metadata.keys()):
        return None
    # ruleid: R012
    found = key in set(DEFAULTS.keys())
    # ruleid: R012
    if key in settings.keys() and found:
        return 1
    # ok: R012
    if key in metadata.keys() | DEFAULTS.keys():
        return 2
    # ok: R012
    if key in make_registry().keys():
        return 3
    # ok: R012
    names = list(settings.keys())
    # ok: R012
    return key in sorted(settings.keys()) or key in {}.values() or names
