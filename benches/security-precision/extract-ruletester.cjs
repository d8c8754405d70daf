#!/usr/bin/env node
// Turns ESLint RuleTester suites, as shipped inside npm packages, into one file per test case.
//
//   node extract-ruletester.cjs OUTDIR PLUGIN=TESTDIR [PLUGIN=TESTDIR ...]
//
// Each TESTDIR/**/*.js is loaded with `require('eslint')` answered by a stand-in whose
// RuleTester.run(name, rule, {valid, invalid}) records the cases instead of running them, so
// neither ESLint nor the rules run here. Every case becomes OUTDIR/PLUGIN/RULE/{valid,invalid}-NN.js
// (`.esm.js` when the case is an ES module: see sourceType below), and OUTDIR/manifest.json lists
// them: {plugin, rule, kind, index, path, sourceType, languageOptions, errors: [{line, message}]}.
//
// sourceType: the case's own languageOptions/parserOptions win; otherwise the default of the
// RuleTester the suite was written for: ESLint >= 9 (flat RuleTester) parses `module`, older
// RuleTesters parse `script` (we lint those as `commonjs`, which adds require/module globals).
'use strict';
const fs = require('fs');
const path = require('path');
const Module = require('module');

const [outDir, ...specs] = process.argv.slice(2);
if (!outDir || specs.length === 0) {
  console.error('usage: extract-ruletester.cjs OUTDIR PLUGIN=TESTDIR ...');
  process.exit(2);
}

let current = null; // {plugin, flat, file}
const cases = [];
const counters = new Map(); // plugin/rule/kind -> last index (a suite may call run() twice)

class RuleTester {
  constructor(config) {
    this.config = config || {};
  }
  run(name, _rule, tests) {
    // The suite's file name is the rule's name; run()'s first argument sometimes adds a variant
    // ("detect-object-injection (Generic)").
    const ruleName = path.basename(current.file, '.js') || name;
    for (const kind of ['valid', 'invalid']) {
      (tests[kind] || []).forEach((c) => {
        const item = typeof c === 'string' ? { code: c } : c;
        if (typeof item.code !== 'string') return;
        const opts = Object.assign({}, this.config.parserOptions, this.config.languageOptions,
          item.parserOptions, item.languageOptions);
        let sourceType = opts.sourceType || (current.flat ? 'module' : 'commonjs');
        if (sourceType === 'script') sourceType = 'commonjs';
        // What the case sets beyond the source type, in flat-config form, for the ESLint peer.
        const languageOptions = {};
        if (opts.globals) languageOptions.globals = opts.globals;
        if (opts.ecmaVersion) languageOptions.ecmaVersion = opts.ecmaVersion;
        const parserOptions = Object.assign({}, opts.parserOptions,
          opts.ecmaFeatures ? { ecmaFeatures: opts.ecmaFeatures } : {});
        if (Object.keys(parserOptions).length) languageOptions.parserOptions = parserOptions;
        const key = `${current.plugin}/${ruleName}/${kind}`;
        counters.set(key, (counters.get(key) || 0) + 1);
        const errors = Array.isArray(item.errors)
          ? item.errors.map((e) => (typeof e === 'string' ? { message: e } : { line: e.line, message: e.message || e.messageId }))
          : typeof item.errors === 'number' ? Array.from({ length: item.errors }, () => ({})) : [];
        cases.push({ plugin: current.plugin, rule: ruleName, kind, index: counters.get(key), code: item.code,
          sourceType, languageOptions, errors });
      });
    }
  }
}
RuleTester.describe = (_n, f) => f();
RuleTester.it = (_n, f) => f();

const stub = { RuleTester, Linter: class {} };
const origLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'eslint' || request.startsWith('eslint/')) return stub;
  return origLoad.apply(this, arguments);
};
// Suites written for mocha call describe/it at top level.
global.describe = global.describe || ((_n, f) => f && f());
global.it = global.it || ((_n, f) => f && f());

function walk(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.name.endsWith('.js')) out.push(p);
  }
  return out.sort();
}

for (const spec of specs) {
  const eq = spec.indexOf('=');
  const plugin = spec.slice(0, eq);
  const dir = path.resolve(spec.slice(eq + 1));
  // ESLint >= 9 suites (flat RuleTester): read the plugin's declared eslint devDependency.
  let flat = false;
  for (let d = dir; d !== path.dirname(d); d = path.dirname(d)) {
    const pj = path.join(d, 'package.json');
    if (!fs.existsSync(pj)) continue;
    const pkg = JSON.parse(fs.readFileSync(pj, 'utf8'));
    const want = (pkg.devDependencies || {}).eslint || (pkg.peerDependencies || {}).eslint || '';
    const major = /(\d+)/.exec(want);
    flat = major !== null && Number(major[1]) >= 9;
    break;
  }
  for (const file of walk(dir)) {
    current = { plugin, flat, file };
    try {
      require(file);
    } catch (err) {
      console.error(`extract-ruletester: ${plugin}: ${path.relative(dir, file)}: ${err.message}`);
    }
  }
}

const manifest = [];
for (const c of cases) {
  const ext = c.sourceType === 'module' ? '.esm.js' : '.js';
  const rel = path.join(c.plugin, c.rule, `${c.kind}-${String(c.index).padStart(2, '0')}${ext}`);
  fs.mkdirSync(path.join(outDir, path.dirname(rel)), { recursive: true });
  fs.writeFileSync(path.join(outDir, rel), c.code.endsWith('\n') ? c.code : c.code + '\n');
  const { code, ...rest } = c;
  manifest.push({ ...rest, path: rel });
}
fs.writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 1));
console.error(`extract-ruletester: ${manifest.length} cases from ${specs.length} suites`);
