import requests
from urllib.request import urlopen


def load(orders, urls, cursor):
    names = []
    for order in orders:
        # ruleid: P004
        customer = Customer.objects.get(pk=order.customer_id)
        # ruleid: P004
        cursor.execute("SELECT name FROM items WHERE order_id = %s", [order.id])
        # ruleid: P004
        if Item.objects.filter(order=order).exists():
            names.append(customer.name)
        # ok: P004
        names.append(order.extra.get("name"))
    # ok: P004
    for row in cursor.execute("SELECT id FROM orders"):
        names.append(row[0])
    # ok: P004
    for item in Item.objects.filter(active=True).order_by("name"):
        names.append(item.name)
    # ruleid: P004
    bodies = [requests.get(url, timeout=5).text for url in urls]
    while urls:
        # ruleid: P004
        page = urlopen(urls.pop())
        names.append(page)
    # ok: P004
    first = requests.get(urls[0])
    return names, bodies, first
