const libxmljs = require('libxmljs');

function parse(req) {
  // ruleid: S031
  const doc = libxmljs.parseXml(req.body, { noent: true, noblanks: true });
  // ruleid: S031
  const doc2 = libxmljs.parseXmlString(req.body, { noent: true });
  // ok: S031
  const safe = libxmljs.parseXml(req.body, { noblanks: true });
  // ok: S031
  const off = libxmljs.parseXml(req.body, { noent: false });
  return [doc, doc2, safe, off];
}
