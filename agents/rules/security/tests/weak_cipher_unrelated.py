import collections


def build(parts):
    # ok: S021
    node = ECB(parts)
    # ok: S021
    other = des.new(parts)
    return node, other
