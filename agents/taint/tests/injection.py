import os
import requests
from defusedxml import ElementTree
import sqlite3
import subprocess as sp
from flask import Flask, redirect, request, session

app = Flask(__name__)
DEBUG = False


def run_query(cur, name):
    sql = "SELECT * FROM users WHERE name = '" + name + "'"
    # ruleid: S001
    cur.execute(sql)


def build(name):
    return "SELECT * FROM users WHERE name = '%s'" % name


@app.route("/user")
def user():
    name = request.args.get("name")
    cur = sqlite3.connect("db").cursor()
    run_query(cur, name)
    # ruleid: S001
    cur.execute(build(name))
    # ok: S001
    cur.execute("SELECT * FROM users WHERE name = ?", (name,))
    number = int(request.args["id"])
    # ok: S001
    cur.execute("SELECT * FROM t WHERE id = %d" % number)
    host = request.form["host"]
    # ruleid: S002
    os.system("ping -c 1 " + host)
    # ruleid: S002
    sp.run(f"ping -c 1 {host}", shell=True)
    host = "localhost"
    # ok: S002
    # ruleid: S012
    os.system("ping -c 1 " + host)
    if DEBUG:
        # ok: S003
        eval(request.args["x"])
    files = []
    files.append(request.args["f"])
    # ruleid: S004
    open(files[0])
    # ruleid: S009
    resp = redirect(request.args["next"])
    # ruleid: S011
    session["role"] = request.args["role"]
    # ruleid: S006
    requests.get(request.args["url"])
    return resp


@app.route("/files/<path>")
def serve(path):
    # ok: S004
    safe = open(os.path.join("/srv", os.path.basename(path)))
    # ruleid: S004
    unsafe = open(os.path.join("/srv", path))
    return safe.read() + unsafe.read()


def cli():
    # ruleid: S003
    eval(input("expression: "))
    # ok: S003
    eval("1 + 1")


def housekeeping():
    # ruleid: S012
    os.system("rm -rf /tmp/cache")
    # ruleid: S012
    sp.call("ls -l | wc -l", shell=True)
    # ok: S012
    sp.call(["ls", "-l"])
    listing = "ls -l"
    # ruleid: S012
    os.popen(listing)


def report(cur, table, day):
    # ruleid: S001
    query = "SELECT * FROM %s WHERE day = 1" % table
    # ok: S001
    fixed = "SELECT * FROM %s WHERE day = 1" % "events"
    # ruleid: S001
    cur.execute(f"DELETE FROM events WHERE day = {day}")
    return query, fixed


@app.route("/prefs")
def prefs():
    # ok: S011
    session["theme"] = "dark" if request.args["t"] == "dark" else "light"
    root = ElementTree.parse("users.xml").getroot()
    name = request.args["name"]
    # ruleid: S008
    return root.findall(".//user[@name='" + name + "']")
