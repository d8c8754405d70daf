import os
import shlex
import subprocess
import sys

from django.http import HttpResponse
from flask import Flask, request

app = Flask(__name__)
ENABLE_SHELL = False


def archive(name):
    # ruleid: S002
    os.system("tar czf /backups/%s.tgz /srv/data" % name)


def lookup(domain):
    cmd = "nslookup " + domain
    # ruleid: S002
    return subprocess.check_output(cmd, shell=True)


def ping_fixed(host):
    # ok: S002
    return subprocess.run(["ping", "-c", "1", host], check=False)


@app.route("/ping")
def ping():
    host = request.args["host"]
    # ruleid: S002
    os.system("ping -c 1 " + host)
    # ruleid: S002
    subprocess.run(f"ping -c 1 {host}", shell=True)
    # ruleid: S002
    out = os.popen("dig {} +short".format(host)).read()
    # ruleid: S002
    subprocess.Popen(args="traceroute " + host, shell=True)
    archive(request.args["name"])
    lookup(host)
    # ok: S002
    os.system("ping -c 1 " + shlex.quote(host))
    # ok: S002
    subprocess.run("ping -c 1 %s" % shlex.quote(host), shell=True)
    # ok: S002
    subprocess.run(["ping", "-c", "1", "localhost"])
    ping_fixed("localhost")
    return out


@app.route("/convert", methods=["POST"])
def convert():
    argv = ["convert"]
    argv.append(request.form["src"])
    argv.append("out.png")
    # ruleid: S002
    subprocess.call(" ".join(argv), shell=True)
    opts = {}
    opts["quality"] = request.form["quality"]
    # ruleid: S002
    os.system("convert -quality " + opts["quality"] + " in.png out.jpg")
    # ok: S002
    os.system("convert -quality %d in.png out.jpg" % int(request.form["q"]))
    return "ok"


@app.route("/cleanup")
def cleanup():
    target = request.args["dir"]
    target = "/tmp/uploads"
    # ok: S002
    os.system("rm -rf " + target)
    if False:
        # ok: S002
        os.system("rm -rf " + request.args["path"])
    if ENABLE_SHELL:
        # ok: S002
        subprocess.run(request.args["cmd"], shell=True)
    dry_run = False
    if dry_run:
        # ok: S002
        os.system(request.args["cmd"])
    # ok: S002
    subprocess.run("rm -rf /tmp/cache", shell=False)
    return "ok"


def django_whois(request):
    domain = request.GET["domain"]
    # ruleid: S002
    result = subprocess.getoutput("whois " + domain)
    # ok: S002
    safe = subprocess.run(["whois", "--", "example.org"], capture_output=True)
    return HttpResponse(result + safe.stdout.decode())


def main():
    pattern = input("pattern: ")
    # ruleid: S002
    os.system("grep -r '" + pattern + "' /var/log")
    # ruleid: S002
    subprocess.run("wc -l " + sys.argv[1], shell=True)
