from urllib.parse import quote

from django.http import HttpResponseRedirect
from django.shortcuts import redirect as django_redirect
from django.urls import reverse
from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from flask import Flask, redirect, request, url_for

app = Flask(__name__)
api = FastAPI()
FOLLOW_NEXT = False


def go_back(target):
    # ruleid: S009
    return redirect(target)


def go_home(section):
    # ok: S009
    return redirect("/home#" + quote(section))


def login_url(next_page):
    return "/login?next=" + next_page


@app.route("/login", methods=["POST"])
def login():
    next_url = request.args.get("next")
    # ruleid: S009
    resp = redirect(next_url)
    # ruleid: S009
    other = redirect("https://" + request.form["host"] + "/welcome")
    # ruleid: S009
    fmt = redirect("{}/dashboard".format(request.args["base"]))
    go_back(request.args["back"])
    # ruleid: S009
    previous = redirect(request.referrer or "/")
    go_home(request.args["section"])
    # ok: S009
    searched = redirect("/search?q=" + quote(request.args["q"]))
    # ok: S009
    profile = redirect(url_for("profile", name=request.args["name"]))
    # ok: S009
    home = redirect("/")
    return resp or other or fmt or previous or searched or profile or home


@app.route("/bounce")
def bounce():
    stack = []
    stack.append(request.args["to"])
    # ruleid: S009
    resp = redirect(stack[-1])
    params = {}
    params["next"] = request.args["next"]
    # ruleid: S009
    again = redirect(login_url(params["next"]))
    return resp or again


@app.route("/logout")
def logout():
    target = request.args.get("next", "/")
    target = "/"
    # ok: S009
    resp = redirect(target)
    if False:
        # ok: S009
        redirect(request.args["next"])
    if FOLLOW_NEXT:
        # ok: S009
        redirect(request.args["continue"])
    external = False
    if external:
        # ok: S009
        redirect(request.args["url"])
    return resp


def django_after_login(request):
    next_url = request.GET["next"]
    # ruleid: S009
    return HttpResponseRedirect(next_url)


def django_after_logout(request):
    # ruleid: S009
    resp = django_redirect(request.POST["return_to"])
    # ok: S009
    safe = HttpResponseRedirect(reverse("account:detail", args=[request.POST["id"]]))
    return resp or safe


@api.get("/out")
async def out(url: str):
    # ruleid: S009
    return RedirectResponse(url)


@api.get("/docs-redirect")
async def docs_redirect(page: str):
    # ok: S009
    return RedirectResponse("/docs/" + quote(page))
