"""A small stock-keeping module with bugs planted for Conclave's end-to-end test."""

import json


def load_stock(path):
    try:
        with open(path) as handle:
            return json.load(handle)
    except Exception:
        pass


def restock(item, quantity, history=[]):
    history.append((item, quantity))
    return history


def find_item(items, name):
    for i in range(0, len(items)):
        if items[i]["name"] == name:
            return items[i]
    return None


def average_price(items):
    total = 0
    for item in items:
        total += item["price"]
    return total / len(items)


def price_label(item):
    if item.get("discount") == None:
        return "full price"
    return "discounted"


def total_units(items):
    count = 0
    i = 0
    while i <= len(items):
        count += items[i]["units"]
        i += 1
    return count
