def same(a, b):
    # ruleid: B003
    if a.size == a.size:
        return True
    # ok: B003
    return a.size == b.size


def chains(x, y, lo, primes, left, right):
    # ruleid: B003
    if lo <= x <= x:
        return 1
    # ruleid: B003
    if x == x < y:
        return 2
    # ok: B003
    if x in primes == y in primes:
        return 3
    # ok: B003
    if left is None != right is None:
        return 4
    # ok: B003
    if x == y == x == y == 0:
        return 5
    # ruleid: B003
    if {x, y} == {x, y} == set(primes):
        return 6
    # ruleid: B003
    assert x.size == \
        x.size
    # ok: B003
    return [] == [] or {} != {} or (n := 10) == (n := 10)
