import ast
import json

import jinja2
from django.http import HttpResponse
from flask import Flask, render_template, render_template_string, request

app = Flask(__name__)
SANDBOX = False


def evaluate(expression):
    # ruleid: S003
    return eval(expression)


def greeting_page(name):
    template = "<h1>Hello " + name + "</h1>"
    # ruleid: S003
    return render_template_string(template)


@app.route("/calc")
def calc():
    expr = request.args["expr"]
    # ruleid: S003
    result = eval(expr)
    # ruleid: S003
    exec("total = " + request.args["formula"])
    # ruleid: S003
    code = compile(f"lambda x: {expr}", "<calc>", "eval")
    evaluate(request.args.get("q"))
    # ok: S003
    value = ast.literal_eval(expr)
    limit = ast.literal_eval(request.args["limit"])
    # ok: S003
    exec(f"MAX_ROWS = {limit!r}")
    # ok: S003
    config = eval(json.loads(request.args["cfg"]))
    # ok: S003
    fixed = eval("2 ** 10")
    return str(result) + str(code) + str(value) + str(config) + str(fixed)


@app.route("/hello/<name>")
def hello(name):
    # ruleid: S003
    page = render_template_string("<p>Hi {}</p>".format(name))
    greeting_page(name)
    # ok: S003
    safe_page = render_template_string("<p>Hi {{ name }}</p>", name=name)
    # ok: S003
    other = render_template("hello.html", name=name)
    return page + safe_page + other


@app.route("/rules", methods=["POST"])
def rules():
    snippets = []
    snippets.append(request.form["rule"])
    # ruleid: S003
    exec("\n".join(snippets))
    handlers = {}
    handlers["on_save"] = request.form["hook"]
    # ruleid: S003
    hook = eval(handlers["on_save"])
    # ruleid: S003
    tpl = jinja2.Template("Dear %s," % request.form["title"])
    env = jinja2.Environment()
    # ruleid: S003
    body = env.from_string(request.form["body"])
    return str(hook) + tpl.render() + body.render()


@app.route("/debug")
def debug():
    expr = request.args["expr"]
    expr = "1 + 1"
    # ok: S003
    result = eval(expr)
    if False:
        # ok: S003
        eval(request.args["expr"])
    if SANDBOX:
        # ok: S003
        exec(request.args["code"])
    enabled = False
    if enabled:
        # ok: S003
        render_template_string(request.args["tpl"])
    return str(result)


def django_formula(request):
    formula = request.POST["formula"]
    # ruleid: S003
    value = eval(formula, {"__builtins__": {}})
    # ok: S003
    parsed = ast.literal_eval(formula)
    return HttpResponse(str(value) + str(parsed))


def repl():
    # ruleid: S003
    exec(input(">>> "))
