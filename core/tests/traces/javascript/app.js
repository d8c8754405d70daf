'use strict';
// A failing program: its uncaught error is captured in app.trace.txt (see core/tests/traces/README.md).
const { readPort } = require('./lib');

function start(config) {
  try {
    return readPort(config);
  } catch (err) {
    throw new Error('cannot start server', { cause: err });
  }
}

function main() {
  console.log(start({ settings: {} }));
}

main();
