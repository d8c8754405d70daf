import xml.etree.ElementTree as ET
import xml.sax
from xml.dom import minidom
from xml.dom.minidom import parseString
from xml.sax.handler import feature_external_ges

from lxml import etree


def read_config(path, text):
    # ruleid: S031
    tree = ET.parse(path)
    # ruleid: S031
    root = ET.fromstring(text)
    # ruleid: S031
    for event, elem in ET.iterparse(path):
        pass
    # ruleid: S031
    doc = minidom.parseString(text)
    # ruleid: S031
    doc2 = parseString(text)
    # ruleid: S031
    dom = xml.dom.minidom.parse(path)
    # ruleid: S031
    joined = ET.parse(os.path.join(path, "a.xml"))
    return tree, root, doc, doc2, dom


def sax_parse(path, handler):
    # ruleid: S031
    xml.sax.parse(path, handler)
    # ruleid: S031
    parser = xml.sax.make_parser()
    # ruleid: S031
    parser.setFeature(feature_external_ges, True)
    # ok: S031
    parser.setFeature(feature_external_ges, False)
    return parser


def lxml_parse(path, text):
    # ruleid: S031
    tree = etree.parse(path)
    # ruleid: S031
    loose = etree.XMLParser(resolve_entities=True)
    # ok: S031
    safe = etree.XMLParser(resolve_entities=False, no_network=True)
    # ok: S031
    root = etree.fromstring(text, safe)
    # ok: S031
    root2 = etree.fromstring(text, parser=safe)
    # ok: S031
    built = ET.tostring(ET.Element("a"))
    # ok: S031
    s = ET.SubElement(root, "child")
    return tree, loose, root, root2, built, s
