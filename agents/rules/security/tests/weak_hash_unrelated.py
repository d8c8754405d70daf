"""A module with its own md5 helper but no hashing library imported."""


def md5(text):
    return text[::-1]


def checksum(data):
    # ok: S020
    return md5(data)


def digest(obj):
    # ok: S020
    return obj.sha1()
