from Crypto.Cipher import AES, DES, DES3, ARC4
from Crypto.Cipher import Blowfish as pycrypto_blowfish
from Cryptodome.Cipher import ARC2 as cryptodome_arc2
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.modes import ECB
from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES


def encrypt(key, iv, data):
    # ruleid: S021
    a = DES.new(key, DES.MODE_CBC, iv)
    # ruleid: S021
    b = DES3.new(key, DES3.MODE_CBC, iv)
    # ruleid: S021
    c = ARC4.new(key)
    # ruleid: S021
    d = pycrypto_blowfish.new(key, pycrypto_blowfish.MODE_CBC, iv)
    # ruleid: S021
    e = cryptodome_arc2.new(key, cryptodome_arc2.MODE_CFB, iv)
    # ruleid: S021
    f = AES.new(key, AES.MODE_ECB)
    # ruleid: S021
    g = AES.new(key, mode=AES.MODE_ECB)
    # ruleid: S021
    h = Cipher(algorithms.ARC4(key), mode=None)
    # ruleid: S021
    i = Cipher(algorithms.AES(key), modes.ECB())
    # ruleid: S021
    j = Cipher(algorithms.AES(key), ECB())
    # ruleid: S021
    k = Cipher(TripleDES(key), modes.CBC(iv))
    # ruleid: S021
    m = Cipher(algorithms.Blowfish(key), modes.CBC(iv)).encryptor()
    return a, b, c, d, e, f, g, h, i, j, k, m


def fine(key, iv, nonce, data):
    # ok: S021
    a = AES.new(key, AES.MODE_GCM, nonce=nonce)
    # ok: S021
    b = Cipher(algorithms.AES(key), modes.GCM(iv))
    # ok: S021
    c = Cipher(algorithms.ChaCha20(key, nonce), mode=None)
    # ok: S021
    d = "DES.new(key) and modes.ECB() are weak"
    # ok: S021
    e = AES.new(key, AES.MODE_CTR, nonce=nonce)
    return a, b, c, d, e
