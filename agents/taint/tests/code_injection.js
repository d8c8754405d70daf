const express = require('express');
const vm = require('vm');

const app = express();
const SANDBOX = false;

function calculate(expression) {
  // ruleid: S003
  return eval(expression);
}

function makeFilter(body) {
  const src = 'return item.' + body + ';';
  // ruleid: S003
  return new Function('item', src);
}

app.get('/calc', (req, res) => {
  const expr = req.query.expr;
  // ruleid: S003
  const result = eval(expr);
  // ruleid: S003
  const fn = new Function('x', `return ${req.query.formula};`);
  // ruleid: S003
  vm.runInNewContext('total = ' + expr, { total: 0 });
  // ruleid: S003
  setTimeout('refresh(' + req.query.id + ')', 1000);
  calculate(req.query.q);
  makeFilter(req.query.field);
  // ok: S003
  const limit = eval('1 + ' + parseInt(req.query.n, 10));
  // ok: S003
  setTimeout(() => res.end(), Number(req.query.delay));
  // ok: S003
  const fixed = eval('2 ** 10');
  // ok: S003
  const parsed = JSON.parse(req.query.data);
  res.json({ result, fn: String(fn), limit, fixed, parsed });
});

app.post('/plugins', (req, res) => {
  const snippets = [];
  snippets.push(req.body.rule);
  // ruleid: S003
  vm.runInThisContext(snippets.join('\n'));
  const hooks = new Map();
  hooks.set('onSave', req.body.hook);
  // ruleid: S003
  eval(hooks.get('onSave'));
  // ruleid: S003
  const plugin = require('./plugins/' + req.body.plugin);
  res.json({ loaded: Boolean(plugin) });
});

app.get('/debug', (req, res) => {
  let code = req.query.code;
  code = 'process.uptime()';
  // ok: S003
  const up = eval(code);
  if (false) {
    // ok: S003
    eval(req.query.expr);
  }
  if (SANDBOX) {
    // ok: S003
    vm.runInNewContext(req.query.code, {});
  }
  const enabled = false;
  if (enabled) {
    // ok: S003
    new Function(req.query.body);
  }
  // ok: S003
  const helpers = require('./helpers');
  res.json({ up, helpers: Object.keys(helpers) });
});

function onHashChange() {
  // ruleid: S003
  eval(decodeURIComponent(window.location.hash.slice(1)));
}

module.exports = { app, onHashChange };
