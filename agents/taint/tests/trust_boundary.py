import os

from django.http import HttpResponse
from flask import Flask, request, session

app = Flask(__name__)
app.secret_key = os.environ["SECRET_KEY"]
TRUST_CLIENT = False


def remember(key, value):
    # ruleid: S011
    session[key] = value


def remember_count(key, count):
    # ok: S011
    session[key] = int(count)


def display_name(first, last):
    return first + " " + last


@app.route("/prefs", methods=["POST"])
def prefs():
    # ruleid: S011
    session["role"] = request.form["role"]
    lang = request.args.get("lang")
    # ruleid: S011
    session["locale"] = lang + "_" + request.args["region"]
    # ruleid: S011
    session["greeting"] = f"Hello {request.form['name']}"
    # ruleid: S011
    session["display"] = display_name(request.form["first"], request.form["last"])
    remember("referrer", request.headers.get("Referer"))
    remember_count("items_per_row", request.form["per_row"])
    # ok: S011
    session["page_size"] = int(request.form["page_size"])
    # ok: S011
    session["visited"] = True
    # ok: S011
    session["flash"] = "Preferences saved"
    return "ok"


@app.route("/cart", methods=["POST"])
def cart():
    items = []
    items.append(request.form["sku"])
    # ruleid: S011
    session["cart"] = items
    meta = {}
    meta["coupon"] = request.form["coupon"]
    # ruleid: S011
    session["coupon"] = meta["coupon"]
    return "ok"


@app.route("/impersonate")
def impersonate():
    user = request.args["user"]
    user = "guest"
    # ok: S011
    session["user"] = user
    if False:
        # ok: S011
        session["admin"] = request.args["admin"]
    if TRUST_CLIENT:
        # ok: S011
        session["role"] = request.args["role"]
    debug = False
    if debug:
        # ok: S011
        session["debug_user"] = request.args["as"]
    return "ok"


def django_checkout(request):
    # ruleid: S011
    request.session["shipping"] = request.POST["shipping"]
    # ok: S011
    request.session["qty"] = int(request.POST["qty"])
    return HttpResponse(status=204)
