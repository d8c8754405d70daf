import os

COUNT = 3  # module level: not a local


def load(path):
    data = open(path).read()
    # ruleid: R021
    result = data.strip()
    # ok: R021
    _ignored = os.getpid()
    return data


def closure():
    # ok: R021
    seen = []

    def add(x):
        seen.append(x)

    return add


def rebinding(items):
    # ok: R021
    total = 0
    for item in items:
        total = total + item
    return total


def uses_locals():
    # ok: R021
    name = "x"
    return "{name}".format(**locals())


def declares_global():
    global COUNT
    # ok: R021
    COUNT = 4


def unpacking(pair):
    # ok: R021
    a, b = pair
    return b


def f_string(user):
    # ok: R021
    greeting = "hi"
    return f"{greeting}, {user}"


class Config:
    # ok: R021
    debug = False
