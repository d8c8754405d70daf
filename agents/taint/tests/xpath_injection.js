const express = require('express');
const fs = require('fs');
const xpath = require('xpath');
const { DOMParser } = require('@xmldom/xmldom');

const app = express();
const doc = new DOMParser().parseFromString(fs.readFileSync('users.xml', 'utf8'), 'text/xml');
const ADMIN_QUERIES = false;

function usersNamed(name) {
  // ruleid: S008
  return xpath.select("//user[name='" + name + "']", doc);
}

function usersWithRole(role) {
  // ok: S008
  return xpath.parse('//user[role=$role]').select({ node: doc, variables: { role } });
}

function byEmail(email) {
  return `//user[email='${email}']`;
}

app.get('/user', (req, res) => {
  const name = req.query.name;
  // ruleid: S008
  const found = xpath.select("//user[name='" + name + "']/email/text()", doc);
  // ruleid: S008
  const one = xpath.select1(`//user[@id='${req.query.id}']`, doc);
  // ruleid: S008
  const mail = xpath.select(byEmail(req.query.email), doc);
  usersNamed(req.query.who);
  usersWithRole(req.query.role);
  // ok: S008
  const numbered = xpath.select('//user[' + parseInt(req.query.n, 10) + ']', doc);
  // ok: S008
  const everyone = xpath.select('//user/name/text()', doc);
  res.json({ found: found.length, one: Boolean(one), mail: mail.length, numbered: numbered.length, everyone: everyone.length });
});

app.post('/search', (req, res) => {
  const conditions = [];
  conditions.push("city='" + req.body.city + "'");
  // ruleid: S008
  const hits = xpath.select('//user[' + conditions.join(' and ') + ']', doc);
  const fields = new Map();
  fields.set('dept', req.body.dept);
  // ruleid: S008
  const dept = xpath.select(`//user[dept='${fields.get('dept')}']`, doc);
  res.json({ hits: hits.length, dept: dept.length });
});

app.get('/report', (req, res) => {
  let dept = req.query.dept;
  dept = 'sales';
  // ok: S008
  const rows = xpath.select("//user[dept='" + dept + "']", doc);
  if (false) {
    // ok: S008
    xpath.select("//user[name='" + req.query.name + "']", doc);
  }
  if (ADMIN_QUERIES) {
    // ok: S008
    xpath.select(req.query.query, doc);
  }
  const audit = false;
  if (audit) {
    // ok: S008
    xpath.select1(`//log[user='${req.query.user}']`, doc);
  }
  res.json({ rows: rows.length });
});

function highlight() {
  const tag = window.location.hash.slice(1);
  // ruleid: S008
  return document.evaluate('//section[@id="' + tag + '"]', document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null);
}

module.exports = { app, highlight };
