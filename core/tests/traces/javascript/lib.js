'use strict';
// Helpers for app.js: the TypeError happens in a nested function here.

function readPort(config) {
  function pick(section) {
    return section.server.port;
  }
  return pick(config.settings);
}

module.exports = { readPort };
