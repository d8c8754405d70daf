import uuid


class IdGenerator:
    def generate(self, bits=64):
        return uuid.uuid4().int >> (128 - bits)


def ids(rsa_ids):
    # ok: S025
    a = rsa_ids.generate(bits=64)
    # ok: S025
    b = rsa_ids.generate(128)
    return a, b
