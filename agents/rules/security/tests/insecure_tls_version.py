import ssl
from OpenSSL import SSL


def connect(sock):
    # ruleid: S024
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
    # ruleid: S024
    wrapped = ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_SSLv3)
    # ruleid: S024
    legacy = SSL.Context(SSL.TLSv1_1_METHOD)
    # ruleid: S024
    other = SSL.Context(method=SSL.SSLv2_METHOD)
    modern = ssl.create_default_context()
    # ruleid: S024
    modern.minimum_version = ssl.TLSVersion.TLSv1
    return ctx, wrapped, legacy, other, modern


# ruleid: S024
def open_socket(version=ssl.PROTOCOL_TLSv1_1):
    pass


def fine(ctx):
    # ok: S024
    a = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    # ok: S024
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    # ok: S024
    b = SSL.Context(SSL.TLS_METHOD)
    # ok: S024
    c = SSL.Context(SSL.SSLv23_METHOD)
    # ok: S024
    if ctx.protocol == ssl.PROTOCOL_TLSv1:
        pass
    # ok: S024
    ctx.options |= ssl.OP_NO_TLSv1 | ssl.OP_NO_TLSv1_1
    # ok: S024
    s = "ssl.PROTOCOL_TLSv1"
    return a, b, c, s


_openssl_versions = {
    # ok: S024
    ssl.PROTOCOL_TLSv1: SSL.TLSv1_METHOD,
    # ok: S024
    ssl.PROTOCOL_TLS_CLIENT: SSL.TLS_METHOD,
}
if hasattr(ssl, "PROTOCOL_SSLv3"):
    # ok: S024
    _openssl_versions[ssl.PROTOCOL_SSLv3] = SSL.SSLv3_METHOD

SETTINGS = {
    # ruleid: S024
    "ssl_version": ssl.PROTOCOL_TLSv1,
}
