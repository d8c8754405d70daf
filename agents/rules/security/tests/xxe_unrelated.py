import json
from dateutil import parser


def read(text):
    # ok: S031
    when = parser.parse(text)
    # ok: S031
    data = json.loads(text)
    return when, data
