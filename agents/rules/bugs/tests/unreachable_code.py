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


def shutdown(code):
    import os
    import sys

    if code:
        sys.exit(code)
        # ruleid: B008
        print("exiting")
    if code < 0:
        os._exit(1)
        # ruleid: B008
        cleanup()
    quit()
    # ruleid: B008
    return code


def empty_then_more():
    return
    yield
    # ruleid: B008
    print("never")


def not_exits(log):
    log.exit(1)
    # ok: B008
    sys.exit_code = 2
    exit_handler()
    # ok: B008
    return sys.exit
