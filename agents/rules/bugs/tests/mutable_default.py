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


# ruleid: B002
def collect(item, seen=set()):
    seen.add(item)


# ruleid: B002
def tally(word, counts: dict = dict(a=0)):
    counts[word] = counts.get(word, 0) + 1


# ruleid: B002
def window(x, recent=collections.deque(maxlen=3)):
    recent.append(x)


# ruleid: B002
def group(k, v, groups=defaultdict(list)):
    groups[k].append(v)


# ruleid: B002
def squares(n, cache={i: i * i for i in range(10)}):
    return cache.get(n)


# ok: B002
def immutable(a=frozenset(), b=tuple(), c=Counter(), d=make_list(), e=DEFAULTS):
    return a, b, c, d, e
