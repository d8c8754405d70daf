const express = require('express');

const app = express();
const FOLLOW_NEXT = false;

function goBack(res, target) {
  // ruleid: S009
  res.redirect(target);
}

function goHome(res, section) {
  // ok: S009
  res.redirect('/home#' + encodeURIComponent(section));
}

function loginUrl(next) {
  return '/login?next=' + next;
}

app.post('/login', (req, res) => {
  const next = req.query.next;
  // ruleid: S009
  res.redirect(next);
  // ruleid: S009
  res.redirect(302, 'https://' + req.body.host + '/welcome');
  // ruleid: S009
  res.redirect(`${req.query.base}/dashboard`);
  goBack(res, req.get('Referer'));
  goHome(res, req.query.section);
  // ok: S009
  res.redirect('/search?q=' + encodeURIComponent(req.query.q));
  // ok: S009
  res.redirect('/');
  // ok: S009
  res.redirect(301, '/account');
});

app.get('/bounce', (req, res) => {
  const stack = [];
  stack.push(req.query.to);
  // ruleid: S009
  res.redirect(stack[stack.length - 1]);
  const params = new Map();
  params.set('next', req.query.next);
  // ruleid: S009
  res.redirect(loginUrl(params.get('next')));
});

app.get('/logout', (req, res) => {
  let target = req.query.next;
  target = '/';
  // ok: S009
  res.redirect(target);
  if (false) {
    // ok: S009
    res.redirect(req.query.next);
  }
  if (FOLLOW_NEXT) {
    // ok: S009
    res.redirect(req.query.continue);
  }
  const external = false;
  if (external) {
    // ok: S009
    res.redirect(req.query.url);
  }
});

function afterLogin() {
  const params = new URLSearchParams(window.location.search);
  // ruleid: S009
  window.location.href = params.get('returnTo');
  // ruleid: S009
  window.location.assign(document.location.hash.slice(1));
  // ruleid: S009
  document.location = params.get('next');
  // ok: S009
  window.location.href = '/dashboard';
  // ok: S009
  window.location.assign('/login?next=' + encodeURIComponent(window.location.pathname));
}

module.exports = { app, afterLogin };
