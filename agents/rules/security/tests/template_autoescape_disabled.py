import jinja2
from flask import Flask
from jinja2 import Environment, FileSystemLoader, select_autoescape
from mako.template import Template
from mako.lookup import TemplateLookup

loader = FileSystemLoader("templates")

# ruleid: S036
env = Environment(loader=loader)
# ruleid: S036
env2 = jinja2.Environment(loader=loader, autoescape=False)
# ruleid: S036
raw = jinja2.Template("Hello {{ name }}")
# ruleid: S036
page = Template("hello ${name}")
# ruleid: S036
lookup = TemplateLookup(directories=["templates"])
# ok: S036
safe = Environment(loader=loader, autoescape=True)
# ok: S036
smart = Environment(loader=loader, autoescape=select_autoescape(["html", "xml"]))
# ok: S036
configured = jinja2.Environment(loader=loader, autoescape=should_escape)
# ok: S036
escaped = Template("hello ${name}", default_filters=["h"])
# ok: S036
built = Environment(**options)

app = Flask(__name__)
# ruleid: S036
app.jinja_env.autoescape = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # ruleid: S036
        "OPTIONS": {"autoescape": False},
    },
]
