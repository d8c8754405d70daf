const serialize = require('node-serialize');
const yaml = require('js-yaml');

function restore(req) {
  // ruleid: S030
  const obj = serialize.unserialize(req.cookies.profile);
  // ruleid: S030
  const cfg = yaml.load(req.body, { schema: yaml.DEFAULT_FULL_SCHEMA });
  // ok: S030
  const safe = yaml.load(req.body);
  // ok: S030
  const data = JSON.parse(req.body);
  // ok: S030
  const text = serialize.serialize(obj);
  return [obj, cfg, safe, data, text];
}

function direct(input) {
  // ruleid: S030
  return require('node-serialize').unserialize(input);
}
