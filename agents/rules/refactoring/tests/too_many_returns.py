# ruleid: R016
def kind(x):
    if x is None:
        return "none"
    if x < 0:
        return "negative"
    if x == 0:
        return "zero"
    if x < 10:
        return "small"
    if x < 100:
        return "medium"
    if x < 1000:
        return "large"
    return "huge"


# ok: R016
def outer(x):
    def a():
        return 1

    def b():
        return 2

    if x:
        return a()
    if not x:
        return b()
    return lambda: 3
