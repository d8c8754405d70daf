const express = require('express');
const session = require('express-session');

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));
const TRUST_CLIENT = false;

function remember(req, value) {
  // ruleid: S011
  req.session.referrer = value;
}

function rememberCount(req, count) {
  // ok: S011
  req.session.perRow = parseInt(count, 10);
}

function displayName(first, last) {
  return first + ' ' + last;
}

app.post('/prefs', (req, res) => {
  // ruleid: S011
  req.session.role = req.body.role;
  const lang = req.query.lang;
  // ruleid: S011
  req.session.locale = lang + '_' + req.query.region;
  // ruleid: S011
  req.session.greeting = `Hello ${req.body.name}`;
  // ruleid: S011
  req.session.display = displayName(req.body.first, req.body.last);
  remember(req, req.get('Referer'));
  rememberCount(req, req.body.perRow);
  // ok: S011
  req.session.pageSize = parseInt(req.body.pageSize, 10);
  // ok: S011
  req.session.visited = true;
  // ok: S011
  req.session.flash = 'Preferences saved';
  res.sendStatus(204);
});

app.post('/cart', (req, res) => {
  const items = [];
  items.push(req.body.sku);
  // ruleid: S011
  req.session.cart = items;
  const meta = new Map();
  meta.set('coupon', req.body.coupon);
  // ruleid: S011
  req.session.coupon = meta.get('coupon');
  res.sendStatus(204);
});

app.get('/impersonate', (req, res) => {
  let user = req.query.user;
  user = 'guest';
  // ok: S011
  req.session.user = user;
  if (false) {
    // ok: S011
    req.session.admin = req.query.admin;
  }
  if (TRUST_CLIENT) {
    // ok: S011
    req.session.role = req.query.role;
  }
  const debug = false;
  if (debug) {
    // ok: S011
    req.session.debugUser = req.query.as;
  }
  res.end();
});

module.exports = app;
