from xml.etree.ElementTree import Element, tostring

import defusedxml.ElementTree as ET
from defusedxml.minidom import parseString


def read(text):
    # ok: S031
    root = ET.fromstring(text)
    # ok: S031
    doc = parseString(text)
    # ok: S031
    return tostring(Element("a")), root, doc
