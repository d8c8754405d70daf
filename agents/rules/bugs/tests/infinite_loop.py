import sys
import time


def pump(stream, handle):
    # ruleid: B011
    while True:
        line = stream.readline()
        handle(line)


def spin(counter):
    # ruleid: B011
    while 1:
        counter.value += 1
        if counter.value > 10:
            continue


def read_all(stream, handle):
    # ok: B011
    while True:
        line = stream.readline()
        if not line:
            break
        handle(line)


def numbers():
    n = 0
    # ok: B011
    while True:
        yield n
        n += 1


def drain(queue):
    try:
        # ok: B011
        while True:
            queue.pop()
    except IndexError:
        pass


def heartbeat(beat):
    # ok: B011
    while True:
        beat()
        time.sleep(1)


def main(ask):
    # ok: B011
    while True:
        if ask() == "q":
            sys.exit(0)
