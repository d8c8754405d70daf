import urllib.request
from urllib.parse import quote, urlparse

import httpx
import requests
from django.http import JsonResponse
from fastapi import FastAPI
from flask import Flask, abort, request

app = Flask(__name__)
api = FastAPI()
ALLOWED_HOSTS = {"api.example.com"}
USE_PROXY = False


def fetch(url):
    # ruleid: S006
    return requests.get(url, timeout=5).text


def avatar_url(user):
    return "https://%s/avatar.png" % user


@app.route("/preview")
def preview():
    url = request.args["url"]
    # ruleid: S006
    body = requests.get(url).text
    # ruleid: S006
    head = requests.head("http://" + request.args["host"] + "/health")
    # ruleid: S006
    page = urllib.request.urlopen(f"https://{request.args['domain']}/").read()
    # ruleid: S006
    meta = requests.request("GET", url)
    fetch(request.args.get("feed"))
    # ruleid: S006
    img = requests.get(avatar_url(request.args["user"]))
    # ok: S006
    user = requests.get("https://api.example.com/users/" + quote(request.args["id"]))
    # ok: S006
    status = requests.get("https://status.example.com/api/v2/status.json")
    return body + head.text + str(page) + meta.text + img.text + user.text + status.text


@app.route("/webhooks", methods=["POST"])
def webhooks():
    targets = []
    targets.append(request.json["callback"])
    for target in targets:
        # ruleid: S006
        requests.post(target, json={"ok": True})
    endpoints = {}
    endpoints["notify"] = request.form["notify"]
    # ruleid: S006
    httpx.post(endpoints["notify"], data={"event": "created"})
    # ruleid: S006
    requests.put(url="{}/events".format(request.form["base"]), data="{}")
    return "ok"


@app.route("/mirror")
def mirror():
    source = request.args["source"]
    source = "https://mirror.example.com/index.json"
    # ok: S006
    index = requests.get(source).json()
    if False:
        # ok: S006
        requests.get(request.args["url"])
    if USE_PROXY:
        # ok: S006
        httpx.get(request.args["proxy"])
    remote = False
    if remote:
        # ok: S006
        urllib.request.urlopen(request.args["remote"])
    return index


def django_import(request):
    feed = request.POST["feed"]
    # ruleid: S006
    data = requests.get(feed, timeout=10).content
    # ok: S006
    fixed = requests.get("https://feeds.example.com/" + quote(feed, safe=""), timeout=10)
    return JsonResponse({"size": len(data) + len(fixed.content)})


@api.get("/proxy")
async def proxy(target: str):
    async with httpx.AsyncClient() as client:
        # ok: S006
        r = await client.get("https://api.example.com/search", params={"q": target})
    # ruleid: S006
    return httpx.get(target).text + r.text
