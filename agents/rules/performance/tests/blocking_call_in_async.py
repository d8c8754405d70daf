import asyncio
import subprocess
import time

import requests


async def refresh(urls):
    # ruleid: P006
    time.sleep(1)
    for url in urls:
        # ruleid: P006
        data = requests.get(url).json()
    if not urls:
        # ruleid: P006
        subprocess.run(["notify"])
    # ok: P006
    await asyncio.sleep(1)

    def helper():
        # ok: P006
        time.sleep(1)

    # ok: P006
    return await asyncio.to_thread(helper)


def sync_refresh():
    # ok: P006
    time.sleep(1)
