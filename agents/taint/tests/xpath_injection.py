from django.http import JsonResponse
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
TREE = etree.parse("users.xml", etree.XMLParser(resolve_entities=False))
ADMIN_QUERIES = False


def users_named(root, name):
    # ruleid: S008
    return root.xpath("//user[name='" + name + "']")


def users_with_role(root, role):
    # ok: S008
    return root.xpath("//user[role=$role]", role=role)


def by_email(email):
    return "//user[email='%s']" % email


@app.route("/user")
def user():
    root = TREE.getroot()
    name = request.args["name"]
    # ruleid: S008
    found = root.xpath("//user[name='" + name + "']/email/text()")
    # ruleid: S008
    find = etree.XPath(f"//user[@id='{request.args['id']}']")
    # ruleid: S008
    mail = root.xpath(by_email(request.args["email"]))
    users_named(root, request.args["who"])
    users_with_role(root, request.args["role"])
    # ok: S008
    safe = root.xpath("//user[name=$name]/email/text()", name=name)
    # ok: S008
    numbered = root.xpath("//user[%d]" % int(request.args["n"]))
    # ok: S008
    everyone = root.xpath("//user/name/text()")
    return str(found) + str(find(root)) + str(mail) + str(safe) + str(numbered) + str(everyone)


@app.route("/search", methods=["POST"])
def search():
    root = TREE.getroot()
    conditions = []
    conditions.append("city='" + request.form["city"] + "'")
    # ruleid: S008
    hits = root.xpath("//user[" + " and ".join(conditions) + "]")
    fields = {}
    fields["dept"] = request.form["dept"]
    # ruleid: S008
    dept = root.xpath("//user[dept='{}']".format(fields["dept"]))
    return str(hits) + str(dept)


@app.route("/report")
def report():
    root = TREE.getroot()
    dept = request.args["dept"]
    dept = "sales"
    # ok: S008
    rows = root.xpath("//user[dept='" + dept + "']")
    if False:
        # ok: S008
        root.xpath("//user[name='" + request.args["name"] + "']")
    if ADMIN_QUERIES:
        # ok: S008
        root.xpath(request.args["query"])
    audit = False
    if audit:
        # ok: S008
        etree.XPath("//log[user='" + request.args["user"] + "']")
    return str(rows)


def django_lookup(request):
    root = TREE.getroot()
    sku = request.GET["sku"]
    # ruleid: S008
    items = root.xpath("//product[sku='%s']" % sku)
    # ok: S008
    safe = root.xpath("//product[sku=$sku]", sku=sku)
    return JsonResponse({"n": len(items) + len(safe)})
