# ruleid: B002
def add(item, items=[]):
    items.append(item)
    return items


# ruleid: B002
def register(name, *, registry: dict = {}):
    registry[name] = True


# ok: B002
def add_safely(item, items=None, frozen=(), label="x"):
    return (items or []) + [item]
