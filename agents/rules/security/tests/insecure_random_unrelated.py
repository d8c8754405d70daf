from secrets import choice


def pick(items):
    # ok: S022
    return choice(items)


def sample(population, k):
    # ok: S022
    return shuffle(population)[:k]
