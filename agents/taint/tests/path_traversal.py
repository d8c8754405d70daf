import os
import shutil
import sys
from pathlib import Path

from django.http import FileResponse, HttpResponse
from flask import Flask, request, send_file, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOADS = "/srv/uploads"
ALLOW_DELETE = False


def read_report(name):
    # ruleid: S004
    with open(os.path.join("/srv/reports", name)) as fh:
        return fh.read()


def report_path(name):
    return "/srv/reports/%s.csv" % name


@app.route("/download")
def download():
    name = request.args["file"]
    # ruleid: S004
    data = open(os.path.join(UPLOADS, name), "rb").read()
    # ruleid: S004
    resp = send_file(UPLOADS + "/" + name)
    # ruleid: S004
    text = Path(f"{UPLOADS}/{name}").read_text()
    # ruleid: S004
    log = open(report_path(request.args["report"])).read()
    read_report(request.args.get("report"))
    # ok: S004
    safe = open(os.path.join(UPLOADS, os.path.basename(name)), "rb").read()
    # ok: S004
    also_safe = open(os.path.join(UPLOADS, secure_filename(name)), "rb").read()
    # ok: S004
    index = open(os.path.join(UPLOADS, "index.txt")).read()
    # ok: S004
    served = send_from_directory(UPLOADS, name)
    return resp if data and text and log and safe and also_safe and index else served


@app.route("/files/<path:filename>", methods=["DELETE"])
def delete(filename):
    # ruleid: S004
    os.remove(os.path.join(UPLOADS, filename))
    victims = []
    victims.append(request.args["extra"])
    for victim in victims:
        # ruleid: S004
        os.unlink(victim)
    paths = {}
    paths["archive"] = request.args["archive"]
    # ruleid: S004
    shutil.rmtree(paths["archive"])
    # ok: S004
    os.remove(os.path.join(UPLOADS, secure_filename(filename)))
    return "", 204


@app.route("/upload", methods=["POST"])
def upload():
    f = request.files["doc"]
    # ruleid: S004
    f.save(os.path.join(UPLOADS, f.filename))
    # ok: S004
    f.save(os.path.join(UPLOADS, secure_filename(f.filename)))
    # ruleid: S004
    open(UPLOADS + "/" + f.filename, "wb").write(f.read())
    dest = request.form["dest"]
    dest = os.path.join(UPLOADS, "incoming")
    # ok: S004
    os.makedirs(dest, exist_ok=True)
    if False:
        # ok: S004
        os.remove(request.form["old"])
    if ALLOW_DELETE:
        # ok: S004
        shutil.rmtree(request.form["dir"])
    keep = False
    if keep:
        # ok: S004
        open(request.form["backup"], "w")
    return "ok"


def django_avatar(request):
    name = request.GET["name"]
    # ruleid: S004
    return FileResponse(open("/srv/avatars/" + name, "rb"))


def django_avatar_safe(request):
    name = os.path.basename(request.GET["name"])
    # ok: S004
    return FileResponse(open("/srv/avatars/" + name, "rb"))


def cli():
    # ok: S004
    with open(sys.argv[1]) as fh:
        return HttpResponse(fh.read())
