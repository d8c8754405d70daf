import asyncio

background_tasks = set()


async def handle(request, loop):
    # ruleid: B048
    asyncio.create_task(audit_log(request))
    # ruleid: B048
    asyncio.ensure_future(notify(request.user))
    # ruleid: B048
    loop.create_task(refresh_cache())
    return "ok"


async def handle_ok(request):
    # ok: B048
    task = asyncio.create_task(audit_log(request))
    background_tasks.add(task)
    task.add_done_callback(background_tasks.discard)
    # ok: B048
    await asyncio.create_task(notify(request.user))
    # ok: B048
    tasks = [asyncio.create_task(refresh_cache()), asyncio.create_task(notify(None))]
    await asyncio.gather(*tasks)
    return "ok"


async def audit_log(request):
    return request


async def notify(user):
    return user


async def refresh_cache():
    return None
