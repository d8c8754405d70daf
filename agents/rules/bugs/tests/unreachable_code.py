import logging

log = logging.getLogger(__name__)


def total(items):
    return sum(i.price for i in items)
    # ruleid: B008
    log.debug("total computed")


def first_even(numbers):
    for n in numbers:
        if n % 2 == 0:
            return n
            # explanation that does not hide the dead code
            # ruleid: B008
            print("found")
        else:
            continue
            # ruleid: B008
            n += 1
    raise ValueError("no even number")
    # ruleid: B008
    return None


def empty_generator():
    return
    # ok: B008
    yield


class Base:
    def area(self):
        raise NotImplementedError
        # ok: B008
        pass


def guarded(x):
    if x:
        return 1
    # ok: B008
    return 2


def trailing():
    return 3
    # a trailing comment is fine
