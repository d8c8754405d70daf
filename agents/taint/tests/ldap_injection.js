const express = require('express');
const ldap = require('ldapjs');
const ldapEscape = require('ldap-escape');

const app = express();
const client = ldap.createClient({ url: 'ldap://ldap.example.com' });
const BASE_DN = 'ou=people,dc=example,dc=com';
const LEGACY_LOOKUP = false;

function findMember(group, cb) {
  // ruleid: S007
  client.search(BASE_DN, { filter: `(memberOf=cn=${group},ou=groups)`, scope: 'sub' }, cb);
}

function findMail(mail, cb) {
  // ok: S007
  client.search(BASE_DN, { filter: ldapEscape.filter`(mail=${mail})`, scope: 'sub' }, cb);
}

function uidFilter(uid) {
  return '(&(objectClass=person)(uid=' + uid + '))';
}

app.get('/people', (req, res) => {
  const user = req.query.user;
  // ruleid: S007
  client.search(BASE_DN, { filter: '(uid=' + user + ')', scope: 'sub' }, (err, r) => r.on('end', () => res.end()));
  // ruleid: S007
  client.search(BASE_DN, { filter: uidFilter(req.query.uid), scope: 'sub' }, () => {});
  findMember(req.query.group, () => {});
  findMail(req.query.mail, () => {});
  // ok: S007
  client.search(BASE_DN, { filter: ldapEscape.filter`(uid=${user})`, scope: 'sub' }, () => {});
  // ok: S007
  client.search(BASE_DN, { filter: '(employeeNumber=' + parseInt(req.query.no, 10) + ')' }, () => {});
  // ok: S007
  client.search(BASE_DN, { filter: '(objectClass=person)', scope: 'sub' }, () => {});
});

app.post('/groups', (req, res) => {
  const terms = [];
  terms.push('(ou=' + req.body.unit + ')');
  // ruleid: S007
  client.search(BASE_DN, { filter: '(|' + terms.join('') + ')', scope: 'sub' }, () => res.end());
  const attrs = new Map();
  attrs.set('title', req.body.title);
  // ruleid: S007
  client.search(BASE_DN, { filter: `(title=${attrs.get('title')})` }, () => {});
});

app.get('/lookup', (req, res) => {
  let name = req.query.name;
  name = 'admin';
  // ok: S007
  client.search(BASE_DN, { filter: '(uid=' + name + ')' }, () => res.end());
  if (false) {
    // ok: S007
    client.search(BASE_DN, { filter: '(uid=' + req.query.uid + ')' }, () => {});
  }
  if (LEGACY_LOOKUP) {
    // ok: S007
    client.search(BASE_DN, { filter: '(cn=' + req.query.cn + ')' }, () => {});
  }
  const legacy = false;
  if (legacy) {
    // ok: S007
    client.search(BASE_DN, { filter: `(sn=${req.query.sn})` }, () => {});
  }
});

module.exports = app;
