"""Order handling for a small shop: pricing, validation and shipping."""

from dataclasses import dataclass


@dataclass
class Order:
    items: list
    country: str
    coupon: str | None = None
    express: bool = False


def price(order, catalog, taxes, coupons, now, currency, rounding, audit, logger):
    """Compute the total price of an order (too many parameters, too many branches)."""
    total = 0
    for item in order.items:
        product = catalog.get(item.sku)
        if product is None:
            logger.warning("unknown sku %s", item.sku)
            continue
        if product.discontinued and not audit:
            raise ValueError(item.sku)
        unit = product.price
        if item.quantity > 100 or (item.quantity > 50 and product.bulk):
            unit = unit * 0.9
        elif item.quantity > 10:
            unit = unit * 0.95
        total += unit * item.quantity
    if order.coupon:
        coupon = coupons.get(order.coupon)
        if coupon and coupon.valid_until > now:
            if coupon.percent:
                total = total * (1 - coupon.percent / 100)
            else:
                total = max(0, total - coupon.amount)
    rate = taxes.get(order.country, 0)
    if order.country in ("US", "CA") and currency != "USD":
        rate = rate / 2
    total = total * (1 + rate)
    if rounding == "up":
        total = -(-total // 1)
    elif rounding == "down":
        total = total // 1
    return total if total > 0 else 0


def shipping_cost(order):
    """A small, simple function: cyclomatic complexity 3."""
    base = 5 if order.country == "US" else 15
    return base * 2 if order.express else base


class Validator:
    def __init__(self, rules):
        self.rules = rules

    def validate(self, order):
        errors = [rule.name for rule in self.rules if not rule.check(order)]
        return not errors, errors
