class Rows:
    def __init__(self, rows):
        self.rows = rows

    def __iter__(self):
        # ok: R010
        for i in range(len(self)):
            yield self[i]

    def dump(self, out):
        # ruleid: R010
        for i in range(len(self)):
            out.write(str(self[i]))

    def total(self):
        result = 0
        # ruleid: R010
        for i in range(0, len(self.rows)):
            if self.rows[i] > 0:
                result += self.rows[i] * 2
        return result


class Table:
    def __iter__(self):
        # ruleid: R010
        for i in range(len(self.rows)):
            yield self.rows[i]


def scale(values, other, factor):
    # ruleid: R010
    for i in range(len(values)):
        values[i] = values[i] * factor
    # ok: R010
    for i in range(1, len(values)):
        values[i] += values[i - 1]
    # ok: R010
    for i in range(len(values)):
        print(i)
    # ok: R010
    for i in range(len(values)):
        other[i] = 0
    # ok: R010
    for i in range(len(values)):
        print(values[i + 1:])

    # ok: R010
    for i in range(len(values)):
        def show(values):
            return values[i]
        show(other)
    return values
