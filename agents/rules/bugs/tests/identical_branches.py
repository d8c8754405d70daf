def render(user, view, limited):
    # ruleid: B007
    if user.is_admin:
        out = view.render(full=True)
    else:
        out = view.render(full=True)
    # ok: B007
    if user.is_admin:
        out = view.render(full=True)
    else:
        out = view.render(full=False)
    # ok: B007
    if user.is_admin:
        out = view
    elif user.is_staff:
        out = limited
    else:
        out = view
    # ruleid: B007
    title = user.name if user.name else user.name
    # ok: B007
    label = user.name if user.name else "anonymous"
    return out, title, label
