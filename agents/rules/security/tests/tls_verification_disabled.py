import os
import ssl
import aiohttp
import httpx
import jwt
import requests
import urllib3


def fetch(url, token):
    # ruleid: S023
    r = requests.get(url, timeout=10, verify=False)
    r = requests.post(
        url,
        json={"a": 1},
        # ruleid: S023
        verify=False,
    )
    # ruleid: S023
    client = httpx.Client(timeout=30, verify=False)
    session = requests.Session()
    # ruleid: S023
    session.verify = False
    # ruleid: S023
    ctx = ssl._create_unverified_context()
    # ruleid: S023
    ssl._create_default_https_context = ssl._create_unverified_context
    context = ssl.create_default_context()
    # ruleid: S023
    context.check_hostname = False
    # ruleid: S023
    context.verify_mode = ssl.CERT_NONE
    # ruleid: S023
    pool = urllib3.PoolManager(cert_reqs="CERT_NONE")
    # ruleid: S023
    sock = ssl.wrap_socket(s, cert_reqs=ssl.CERT_NONE)
    # ruleid: S023
    conn = aiohttp.TCPConnector(ssl=False)
    # ruleid: S023
    os.environ["PYTHONHTTPSVERIFY"] = "0"
    c = pycurl.Curl()
    # ruleid: S023
    c.setopt(pycurl.SSL_VERIFYPEER, 0)
    # ruleid: S023
    c.setopt(c.SSL_VERIFYHOST, False)
    # ok: S023
    c.setopt(pycurl.SSL_VERIFYHOST, 2)
    return r, client, ctx, pool, sock, conn


def fine(url, token, ca):
    # ok: S023
    r = requests.get(url, timeout=10, verify=True)
    # ok: S023
    r = requests.get(url, timeout=10, verify=ca)
    # ok: S023
    client = httpx.Client(timeout=30)
    # ok: S023
    ctx = ssl.create_default_context()
    # ok: S023
    ctx.verify_mode = ssl.CERT_REQUIRED
    # ok: S023
    if ctx.verify_mode == ssl.CERT_NONE:
        pass
    # ok: S023
    claims = jwt.decode(token, verify=False)
    # ok: S023
    s = "verify=False"  # requests.get(url, verify=False)
    # ok: S023
    red = redis.Redis(host="x", ssl=False)
    return r, client, ctx, claims, s, red
