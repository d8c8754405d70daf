// A file that imports none of the unsafe packages.
const qs = require('querystring');

function parse(codec, input) {
  // ok: S030
  const value = codec.deserialize(input);
  // ok: S030
  return [value, qs.unserialize ? qs.unserialize(input) : null];
}
