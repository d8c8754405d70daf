const express = require('express');
const winston = require('winston');

const app = express();
const logger = winston.createLogger({ transports: [new winston.transports.Console()] });
const AUDIT_RAW = false;

function audit(action, who) {
  // ruleid: S010
  logger.warn(`audit: ${action} by ${who}`);
}

function auditClean(action, who) {
  const clean = who.replace(/[\r\n]/g, '');
  // ok: S010
  logger.warn('audit: %s by %s', action, clean);
}

function describe(user) {
  return 'user=' + user;
}

app.post('/login', (req, res) => {
  const user = req.body.user;
  // ruleid: S010
  logger.info('login failed for ' + user);
  // ruleid: S010
  console.log('login failed for %s', user);
  // ruleid: S010
  console.error(`bad password for ${req.body.user}`);
  // ruleid: S010
  logger.info('agent: ' + req.get('User-Agent'));
  // ruleid: S010
  logger.debug(describe(req.body.user));
  audit('login', user);
  auditClean('login', req.body.user);
  const clean = user.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
  // ok: S010
  logger.info('login failed for ' + clean);
  // ok: S010
  logger.info('login failed for uid ' + parseInt(req.body.uid, 10));
  // ok: S010
  console.log('login endpoint called');
  res.sendStatus(403);
});

app.post('/batch', (req, res) => {
  const names = [];
  for (const item of req.body.items) {
    names.push(item.name);
  }
  // ruleid: S010
  logger.info('importing ' + names.join(', '));
  const ctx = new Map();
  ctx.set('tenant', req.query.tenant);
  // ruleid: S010
  console.info('tenant', ctx.get('tenant'));
  res.sendStatus(202);
});

app.get('/health', (req, res) => {
  let probe = req.query.probe;
  probe = 'internal';
  // ok: S010
  logger.debug('health probe from ' + probe);
  if (false) {
    // ok: S010
    console.log('raw query', req.query);
  }
  if (AUDIT_RAW) {
    // ok: S010
    logger.info('raw body ' + JSON.stringify(req.body));
  }
  const verbose = false;
  if (verbose) {
    // ok: S010
    console.debug('headers', req.headers);
  }
  res.send('up');
});

module.exports = app;
