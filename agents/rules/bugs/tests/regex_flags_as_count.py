import re


def normalise(text):
    # ruleid: B042
    text = re.sub(r"\s+", " ", text, re.MULTILINE)
    # ruleid: B042
    text, n = re.subn("colour", "color", text, re.I | re.U)
    # ruleid: B042
    return re.split(r",\s*", text, re.IGNORECASE)


def normalise_ok(text, limit):
    # ok: B042
    text = re.sub(r"\s+", " ", text, flags=re.MULTILINE)
    # ok: B042
    text = re.sub(r"\s+", " ", text, limit, re.MULTILINE)
    # ok: B042
    text = re.sub(r"\s+", " ", text, limit)
    # ok: B042
    return re.split(r",\s*", text, 2)
