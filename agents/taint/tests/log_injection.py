import logging

from django.http import HttpResponse
from fastapi import FastAPI
from flask import Flask, request

app = Flask(__name__)
api = FastAPI()
logger = logging.getLogger(__name__)
AUDIT_RAW = False


def audit(action, who):
    # ruleid: S010
    logger.warning("audit: %s by %s", action, who)


def audit_clean(action, who):
    who = who.replace("\r", "").replace("\n", "")
    # ok: S010
    logger.warning("audit: %s by %s", action, who)


def describe(user):
    return "user=" + user


@app.route("/login", methods=["POST"])
def login():
    user = request.form["user"]
    # ruleid: S010
    logger.info("login failed for " + user)
    # ruleid: S010
    logging.warning("login failed for %s", user)
    # ruleid: S010
    app.logger.error(f"bad password for {user}")
    # ruleid: S010
    logger.info("agent: {}".format(request.headers.get("User-Agent")))
    # ruleid: S010
    logger.debug(describe(request.form["user"]))
    audit("login", user)
    audit_clean("login", request.form["user"])
    clean = user.replace("\r", "\\r").replace("\n", "\\n")
    # ok: S010
    logger.info("login failed for %s", clean)
    # ok: S010
    logger.info("login failed for uid %d", int(request.form["uid"]))
    # ok: S010
    logger.info("login endpoint called")
    return "denied", 403


@app.route("/batch", methods=["POST"])
def batch():
    names = []
    for item in request.json["items"]:
        names.append(item["name"])
    # ruleid: S010
    logger.info("importing %s", ", ".join(names))
    ctx = {}
    ctx["tenant"] = request.args["tenant"]
    # ruleid: S010
    logger.info("tenant %s", ctx["tenant"])
    return "ok"


@app.route("/health")
def health():
    probe = request.args.get("probe", "")
    probe = "internal"
    # ok: S010
    logger.debug("health probe from %s", probe)
    if False:
        # ok: S010
        logger.debug("raw query: %s", request.query_string)
    if AUDIT_RAW:
        # ok: S010
        logger.info("raw body: %s", request.data)
    verbose = False
    if verbose:
        # ok: S010
        logging.info("headers: %s", request.headers)
    return "up"


def django_search(request):
    term = request.GET["q"]
    # ruleid: S010
    logger.info("search for %s", term)
    # ok: S010
    logger.info("search for %s", term.replace("\r", " ").replace("\n", " "))
    return HttpResponse(status=204)


@api.post("/orders/{order_id}")
async def update_order(order_id: str):
    # ruleid: S010
    logger.info("updating order %s", order_id)
    return {"id": order_id}
