import sqlite3

from django.db import connection
from django.http import JsonResponse
from fastapi import FastAPI
from flask import Flask, request
from sqlalchemy import text

app = Flask(__name__)
api = FastAPI()
DEBUG = False


def get_db():
    return sqlite3.connect("app.db").cursor()


def find_user(cur, name):
    # ruleid: S001
    cur.execute("SELECT * FROM users WHERE name = '%s'" % name)


def find_by_id(cur, user_id):
    # ok: S001
    cur.execute("SELECT * FROM users WHERE id = ?", (user_id,))


def order_clause(column):
    return "ORDER BY " + column


@app.route("/users")
def users():
    cur = get_db()
    name = request.args.get("name")
    # ruleid: S001
    cur.execute("SELECT * FROM users WHERE name = '" + name + "'")
    # ruleid: S001
    cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
    # ruleid: S001
    cur.execute("SELECT * FROM users WHERE name = '{}'".format(name))
    query = "SELECT id, name FROM users "
    query += "WHERE name LIKE '%" + name + "%'"
    # ruleid: S001
    cur.execute(query)
    # ruleid: S001
    cur.executescript("DELETE FROM sessions WHERE user = '%s'" % request.form["user"])
    find_user(cur, name)
    find_by_id(cur, request.args["id"])
    # ok: S001
    cur.execute("SELECT * FROM users WHERE name = ?", (name,))
    # ok: S001
    cur.execute("SELECT * FROM users ORDER BY name")
    return "ok"


@app.route("/search", methods=["POST"])
def search():
    cur = get_db()
    filters = {}
    filters["city"] = request.form["city"]
    # ruleid: S001
    cur.execute("SELECT * FROM shops WHERE city = '" + filters["city"] + "'")
    columns = []
    columns.append(request.args["sort"])
    sql = "SELECT * FROM shops " + order_clause(columns[0])
    # ruleid: S001
    cur.execute(sql)
    clauses = ["deleted = 0"]
    clauses.append("owner = '%s'" % request.args["owner"])
    # ruleid: S001
    cur.execute("SELECT * FROM shops WHERE " + " AND ".join(clauses))
    return "ok"


@app.route("/report")
def report():
    cur = get_db()
    limit = int(request.args["limit"])
    # ok: S001
    cur.execute("SELECT * FROM events LIMIT %d" % limit)
    table = request.args["table"]
    table = "events"
    # ok: S001
    cur.execute("SELECT * FROM " + table)
    if False:
        # ok: S001
        cur.execute("SELECT * FROM events WHERE kind = '" + request.args["kind"] + "'")
    if DEBUG:
        # ok: S001
        cur.execute("SELECT * FROM events WHERE day = " + request.args["day"])
    verbose = False
    if verbose:
        # ok: S001
        cur.execute("SELECT * FROM debug WHERE tag = '" + request.args["tag"] + "'")
    order = order_clause("created_at")
    # ok: S001
    cur.execute("SELECT * FROM events " + order)
    return "ok"


def django_search(request):
    q = request.GET["q"]
    with connection.cursor() as cursor:
        # ruleid: S001
        cursor.execute("SELECT id FROM products WHERE title LIKE '%%" + q + "%%'")
        # ok: S001
        cursor.execute("SELECT id FROM products WHERE title LIKE %s", ["%" + q + "%"])
    # ruleid: S001
    rows = Product.objects.raw("SELECT * FROM shop_product WHERE sku = '%s'" % q)
    # ok: S001
    safe_rows = Product.objects.raw("SELECT * FROM shop_product WHERE sku = %s", [q])
    return JsonResponse({"n": len(list(rows)) + len(list(safe_rows))})


@api.get("/items")
async def items(owner: str, page: int = 0):
    # ruleid: S001
    stmt = text(f"SELECT * FROM items WHERE owner = '{owner}'")
    # ok: S001
    paged = text("SELECT * FROM items LIMIT 20 OFFSET " + str(page * 20))
    # ok: S001
    bound = text("SELECT * FROM items WHERE owner = :owner")
    return {"q": str(stmt), "p": str(paged), "b": str(bound)}
