class Account:
    # ok: B014
    Error = Error

    def __init__(self, owner, balance):
        self.owner = owner
        # ruleid: B014
        balance = balance
        self.history = []

    def apply(self, rate):
        total = self.balance
        if rate:
            # ruleid: B014
            total = total
        return total

    def swap(self, a, b):
        # ruleid: B014
        a, b = a, b
        return b, a

    def clamp(self, value):
        if value < 0:
            value = 0
        else:
            # ok: B014
            value = value
        return value

    def refresh(self, widget):
        # ok: B014
        widget.size = widget.size
        # ok: B014
        self.owner = owner.strip()
        return widget


# ok: B014
__version__ = __version__


def compat():
    try:
        # ok: B014
        unicode = unicode
    except NameError:
        unicode = str
    return unicode
