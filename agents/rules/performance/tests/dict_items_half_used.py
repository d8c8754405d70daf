def notify_all(users_by_id, notify):
    # ruleid: P010
    for _, user in users_by_id.items():
        notify(user)
    # ruleid: P010
    for (key, _) in users_by_id.items():
        notify(key)
    # ok: P010
    for key, user in users_by_id.items():
        notify(key, user)
    # ok: P010
    for user in users_by_id.values():
        notify(user)
