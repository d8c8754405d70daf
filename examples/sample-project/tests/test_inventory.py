import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import inventory


def test_price_label():
    assert inventory.price_label({"discount": None}) == "full price"
    assert inventory.price_label({}) == "full price"
    assert inventory.price_label({"discount": 0.1}) == "discounted"


def test_find_item():
    items = [{"name": "bolt"}, {"name": "nut"}]
    assert inventory.find_item(items, "nut") == {"name": "nut"}
    assert inventory.find_item(items, "gear") is None


def test_average_price():
    assert inventory.average_price([{"price": 2}, {"price": 4}]) == 3
