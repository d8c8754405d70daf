import hashlib
import hashlib as h
from hashlib import md5, sha256
from cryptography.hazmat.primitives import hashes
from Crypto.Hash import MD5
from Crypto.Hash import SHA as pycrypto_sha
from Cryptodome.Hash import MD4 as cryptodome_md4
import crypt


def digest(data):
    # ruleid: S020
    a = hashlib.md5(data).hexdigest()
    # ruleid: S020
    b = hashlib.sha1(data)
    # ruleid: S020
    c = h.md5(data)
    # ruleid: S020
    d = md5(data).digest()
    # ruleid: S020
    e = hashlib.new("md5", data)
    # ruleid: S020
    f = hashlib.new('SHA1')
    # ruleid: S020
    g = hashlib.new(name="md4", data=data)
    # ruleid: S020
    i = hashes.Hash(hashes.SHA1())
    # ruleid: S020
    j = MD5.new(data)
    # ruleid: S020
    k = pycrypto_sha.new(data)
    # ruleid: S020
    m = cryptodome_md4.new()
    # ruleid: S020
    salt = crypt.mksalt(crypt.METHOD_MD5)
    with open("f.bin", "rb") as fh:
        # ruleid: S020
        o = hashlib.file_digest(fh, "sha1")
    # ruleid: S020
    n = hashlib.md5(
        data,
    ).hexdigest()
    # ruleid: S020
    return str.replace(hashlib.md5(data).hexdigest(), "a", "b")


def fine(data, url):
    # ok: S020
    a = hashlib.sha256(data)
    # ok: S020
    b = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    # ok: S020
    c = hashlib.new("sha1", data, usedforsecurity=False)
    # ok: S020
    d = hashlib.new("sha256")
    # ok: S020
    e = hashes.Hash(hashes.SHA256())
    # ok: S020
    f = sha256(data)
    # ok: S020
    g = "hashlib.md5 is weak"  # hashlib.md5(data) in a comment
    # ok: S020
    i = crypt.mksalt(crypt.METHOD_SHA512)
    # ok: S020
    j = hashlib.sha3_256(data)
    # ok: S020
    k = hmac.new(key, data, hashlib.sha1)
    with open("f.bin", "rb") as fh:
        # ok: S020
        m = hashlib.file_digest(fh, "sha256")
    return a, b, c, d, e, f, g, i, j, k
