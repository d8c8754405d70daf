def misc(names, settings, value):
    # ruleid: R010
    for i in range(len(names)):
        print(i, names[i])
    # ok: R010
    for _ in range(len(names)):
        print("tick")
    # ok: R010
    for i, name in enumerate(names):
        print(i, name)
    # ruleid: R011
    if not settings:
        load()
    else:
        use(settings)
    # ok: R011
    if not settings:
        load()
    elif value:
        use(value)
    # ruleid: R012
    for name in settings.keys():
        print(name)
    # ruleid: R012
    upper = [k.upper() for k in settings.keys()]
    # ruleid: R012
    if "debug" in self.settings.keys():
        print(upper)
    # ok: R012
    for name in settings:
        print(name)
    # ruleid: R013
    if isinstance(value, int) or isinstance(value, float):
        return 1
    # ok: R013
    if isinstance(value, int) or isinstance(names, float):
        return 2
    # ok: R013
    if isinstance(value, (int, float)):
        return 3


def guard(settings):
    # ok: R011
    if not settings:
        return None
    else:
        return settings.name
