def allowed(user, doc, now):
    # ruleid: R001
    if user and user.active and not user.locked and (user.admin or doc.owner == user.id):
        return True
    # ok: R001
    if user and user.active and not user.locked:
        return True
    # ruleid: R001
    return doc.public or doc.shared or doc.owner == user.id or user.admin or now < doc.expiry
