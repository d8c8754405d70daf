import ldap
from ldap.filter import escape_filter_chars
from ldap3 import SUBTREE, Connection, Server
from ldap3.utils.conv import escape_filter_chars as escape3
from django.http import JsonResponse
from flask import Flask, request

app = Flask(__name__)
BASE_DN = "ou=people,dc=example,dc=com"
LEGACY_LOOKUP = False


def directory():
    conn = ldap.initialize("ldap://ldap.example.com")
    conn.simple_bind_s("cn=reader,dc=example,dc=com", "secret")
    return conn


def find_member(conn, group):
    # ruleid: S007
    return conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(memberOf=cn=%s,ou=groups)" % group)


def find_mail(conn, mail):
    # ok: S007
    return conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(mail=%s)" % escape_filter_chars(mail))


def uid_filter(uid):
    return "(&(objectClass=person)(uid=" + uid + "))"


@app.route("/people")
def people():
    conn = directory()
    user = request.args["user"]
    # ruleid: S007
    found = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(uid=" + user + ")")
    # ruleid: S007
    again = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, filterstr=f"(cn={user})")
    # ruleid: S007
    by_uid = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, uid_filter(request.args["uid"]))
    find_member(conn, request.args["group"])
    find_mail(conn, request.args["mail"])
    # ok: S007
    safe = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(uid=" + escape_filter_chars(user) + ")")
    # ok: S007
    everyone = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(objectClass=person)")
    return str(found) + str(again) + str(by_uid) + str(safe) + str(everyone)


@app.route("/groups", methods=["POST"])
def groups():
    conn = directory()
    terms = []
    terms.append("(ou=" + request.form["unit"] + ")")
    # ruleid: S007
    result = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(|" + "".join(terms) + ")")
    attrs = {}
    attrs["title"] = request.form["title"]
    # ruleid: S007
    titled = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(title={})".format(attrs["title"]))
    return str(result) + str(titled)


@app.route("/lookup")
def lookup():
    conn = directory()
    name = request.args["name"]
    name = "admin"
    # ok: S007
    admin = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(uid=" + name + ")")
    if False:
        # ok: S007
        conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(uid=" + request.args["uid"] + ")")
    if LEGACY_LOOKUP:
        # ok: S007
        conn.search_s(BASE_DN, ldap.SCOPE_ONELEVEL, "(cn=" + request.args["cn"] + ")")
    legacy = False
    if legacy:
        # ok: S007
        conn.search_s(BASE_DN, ldap.SCOPE_BASE, "(sn=" + request.args["sn"] + ")")
    return str(admin)


def django_login(request):
    server = Server("ldap://ldap.example.com")
    conn = Connection(server, auto_bind=True)
    username = request.POST["username"]
    # ruleid: S007
    conn.search(BASE_DN, "(&(objectClass=person)(uid=" + username + "))", SUBTREE, attributes=["cn"])
    # ok: S007
    conn.search(BASE_DN, "(&(objectClass=person)(uid=%s))" % escape3(username), SUBTREE)
    # ok: S007
    conn.search(BASE_DN, "(objectClass=person)", SUBTREE, attributes=["cn"])
    return JsonResponse({"entries": len(conn.entries)})
