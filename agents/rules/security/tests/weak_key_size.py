from cryptography.hazmat import backends
from cryptography.hazmat.primitives.asymmetric import dh, dsa, ec, rsa
from cryptography.hazmat.primitives.asymmetric.ec import SECP192R1, SECP256R1
from Crypto.PublicKey import DSA, ECC, RSA
from Crypto.PublicKey import RSA as pycrypto_rsa
from Cryptodome.PublicKey import ElGamal
import paramiko


def weak_keys(key_bits):
    # ruleid: S025
    a = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    b = rsa.generate_private_key(
        public_exponent=65537,
        # ruleid: S025
        key_size=512,
        backend=backends.default_backend(),
    )
    # ruleid: S025
    c = rsa.generate_private_key(3, 1024, backends.default_backend())
    # ruleid: S025
    d = dsa.generate_private_key(key_size=1024)
    # ruleid: S025
    e = dsa.generate_private_key(1024, backends.default_backend())
    # ruleid: S025
    params = dsa.generate_parameters(1024)
    # ruleid: S025
    dh_params = dh.generate_parameters(generator=2, key_size=1024)
    # ruleid: S025
    dh_params2 = dh.generate_parameters(2, 512)
    # ruleid: S025
    f = ec.generate_private_key(ec.SECP192R1())
    # ruleid: S025
    g = ec.generate_private_key(curve=ec.SECT163R2, backend=backends.default_backend())
    # ruleid: S025
    h = ec.generate_private_key(SECP192R1())
    # ruleid: S025
    i = ec.derive_private_key(12345, ec.SECT163K1())
    # ruleid: S025
    j = RSA.generate(1024)
    # ruleid: S025
    k = DSA.generate(bits=1024)
    # ruleid: S025
    m = pycrypto_rsa.generate(512)
    # ruleid: S025
    n = ElGamal.generate(1024, None)
    # ruleid: S025
    o = paramiko.RSAKey.generate(bits=1024)
    # ruleid: S025
    p = paramiko.DSSKey.generate(1024)
    # ruleid: S025
    q = ECC.generate(curve="P-192")
    # ruleid: S025
    r = ECC.generate(curve="secp192r1")
    return a, b, c, d, e, params, dh_params, dh_params2, f, g, h, i, j, k, m, n, o, p, q, r


def strong_keys(key_bits, curves, name):
    # ok: S025
    a = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    # ok: S025
    b = rsa.generate_private_key(65537, 4096, backends.default_backend())
    # ok: S025
    c = rsa.generate_private_key(public_exponent=65537, key_size=key_bits)
    # ok: S025
    d = dsa.generate_private_key(3072, backends.default_backend())
    # ok: S025
    e = dh.generate_parameters(generator=2, key_size=2048)
    # ok: S025
    f = ec.generate_private_key(ec.SECP256R1())
    # ok: S025
    g = ec.generate_private_key(curve=ec.SECP384R1, backend=backends.default_backend())
    # ok: S025
    h = ec.generate_private_key(SECP256R1())
    # ok: S025
    i = ec.generate_private_key(curve=curves[name]["create"](key_bits))
    # ok: S025
    j = RSA.generate(3072)
    # ok: S025
    k = DSA.generate(bits=2048)
    # ok: S025
    m = paramiko.RSAKey.generate(bits=4096)
    # ok: S025
    n = ECC.generate(curve="P-256")
    # ok: S025
    o = RSA.generate(key_bits)
    # ok: S025
    p = secrets.token_bytes(16)
    return a, b, c, d, e, f, g, h, i, j, k, m, n, o, p
