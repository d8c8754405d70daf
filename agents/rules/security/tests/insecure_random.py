import random
import secrets
import string
from random import randint, choice


def reset_token():
    # ruleid: S022
    return "".join(random.choice(string.ascii_letters) for _ in range(32))


def pick(items):
    # ruleid: S022
    pin = randint(0, 9999)
    # ruleid: S022
    password = "".join(choice(string.digits) for _ in range(8))
    # ruleid: S022
    random.shuffle(items)
    # ruleid: S022
    salt = random.getrandbits(128)
    # ruleid: S022
    rng = random.Random(42)
    # ruleid: S022
    x = random.random()
    # ruleid: S022
    y = random.uniform(0.5, 1.5)
    # ruleid: S022
    z = random.randbytes(16)
    return pin, password, salt, rng, x, y, z


def fine(items):
    # ok: S022
    token = secrets.token_urlsafe(32)
    # ok: S022
    n = secrets.randbelow(10)
    # ok: S022
    sysrand = random.SystemRandom()
    # ok: S022
    c = random.SystemRandom().choice(items)
    # ok: S022
    random.seed(1)
    # ok: S022
    s = "random.random() is predictable"
    # ok: S022
    v = np.random.randint(0, 10)
    return token, n, sysrand, c, s, v
