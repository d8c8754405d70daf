import html

from django.http import HttpResponse
from django.utils.html import escape as django_escape
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from flask import Flask, make_response, render_template, request
from markupsafe import Markup, escape

app = Flask(__name__)
RAW_HTML = False


def card(title):
    # ruleid: S005
    return Markup("<div class='card'><h2>" + title + "</h2></div>")


def badge(label):
    return "<span class='badge'>%s</span>" % label


@app.route("/greet")
def greet():
    name = request.args.get("name", "")
    # ruleid: S005
    resp = make_response("<p>Hello " + name + "</p>")
    # ruleid: S005
    banner = Markup(f"<b>{name}</b>")
    # ruleid: S005
    footer = Markup("<small>{}</small>".format(request.args["sig"]))
    card(request.args["title"])
    # ruleid: S005
    label = make_response(badge(request.args["badge"]))
    # ok: S005
    safe = make_response("<p>Hello " + html.escape(name) + "</p>")
    # ok: S005
    safe_banner = Markup("<b>%s</b>" % escape(name))
    # ok: S005
    static = make_response("<p>Hello, world</p>")
    # ok: S005
    page = make_response(render_template("greet.html", name=name))
    return resp, banner, footer, label, safe, safe_banner, static, page


@app.route("/comments", methods=["POST"])
def comments():
    items = []
    items.append("<li>" + request.form["comment"] + "</li>")
    # ruleid: S005
    listing = make_response("<ul>" + "".join(items) + "</ul>")
    context = {}
    context["author"] = request.form["author"]
    # ruleid: S005
    author = Markup("<em>%s</em>" % context["author"])
    escaped = []
    escaped.append("<li>" + html.escape(request.form["comment"]) + "</li>")
    # ok: S005
    safe_listing = make_response("<ul>" + "".join(escaped) + "</ul>")
    return listing, author, safe_listing


@app.route("/preview")
def preview():
    body = request.args["body"]
    body = "<p>Preview disabled</p>"
    # ok: S005
    resp = make_response(body)
    if False:
        # ok: S005
        make_response(request.args["raw"])
    if RAW_HTML:
        # ok: S005
        Markup(request.args["raw"])
    trusted = False
    if trusted:
        # ok: S005
        Markup(request.args["html"])
    return resp


def django_profile(request):
    bio = request.GET["bio"]
    # ruleid: S005
    return HttpResponse("<div class='bio'>" + bio + "</div>")


def django_profile_helpers(request):
    bio = request.POST["bio"]
    # ruleid: S005
    rendered = mark_safe("<p>%s</p>" % bio)
    # ok: S005
    escaped = mark_safe("<p>%s</p>" % django_escape(bio))
    # ok: S005
    formatted = format_html("<p>{}</p>", bio)
    # ok: S005
    page = HttpResponse(format_html("<div>{}</div>", bio) + escaped + formatted)
    return page, rendered
