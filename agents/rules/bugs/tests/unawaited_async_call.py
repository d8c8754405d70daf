import asyncio


async def poll(client):
    while not client.ready:
        # ruleid: B035
        asyncio.sleep(0.5)
    return client.result


async def rename(article, title):
    article.title = title
    # ruleid: B035
    article.asave()


async def run_all(jobs):
    # ruleid: B035
    asyncio.gather(*(job.run() for job in jobs))


async def poll_properly(client):
    while not client.ready:
        # ok: B035
        await asyncio.sleep(0.5)


async def rename_properly(article, title):
    # ok: B035
    await article.asave()


def schedule(loop, job):
    # ok: B035
    task = asyncio.ensure_future(job.run())
    # ok: B035
    asyncio.run(job.run())
    return task


def save_sync(article):
    # ok: B035
    article.save()
