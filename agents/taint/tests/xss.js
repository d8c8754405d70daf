const express = require('express');
const escapeHtml = require('escape-html');
const DOMPurify = require('dompurify');

const app = express();
const RAW_HTML = false;

function card(res, title) {
  // ruleid: S005
  res.send('<div class="card"><h2>' + title + '</h2></div>');
}

function badge(label) {
  return `<span class="badge">${label}</span>`;
}

app.get('/greet', (req, res) => {
  const name = req.query.name;
  // ruleid: S005
  res.send('<p>Hello ' + name + '</p>');
  // ruleid: S005
  res.write(`<h1>${req.query.title}</h1>`);
  // ruleid: S005
  res.end(badge(req.query.badge));
  card(res, req.query.card);
  // ok: S005
  res.send('<p>Hello ' + escapeHtml(name) + '</p>');
  // ok: S005
  res.send(`<p>${DOMPurify.sanitize(req.query.bio)}</p>`);
  // ok: S005
  res.send({ greeting: 'Hello ' + name });
  // ok: S005
  res.send('<p>Hello, world</p>');
  // ok: S005
  res.render('greet', { name });
});

app.post('/comments', (req, res) => {
  const items = [];
  items.push('<li>' + req.body.comment + '</li>');
  // ruleid: S005
  res.send('<ul>' + items.join('') + '</ul>');
  const ctx = new Map();
  ctx.set('author', req.body.author);
  // ruleid: S005
  res.send(`<em>${ctx.get('author')}</em>`);
  const escaped = [];
  escaped.push('<li>' + escapeHtml(req.body.comment) + '</li>');
  // ok: S005
  res.send('<ul>' + escaped.join('') + '</ul>');
});

app.get('/preview', (req, res) => {
  let body = req.query.body;
  body = '<p>Preview disabled</p>';
  // ok: S005
  res.send(body);
  if (false) {
    // ok: S005
    res.send(req.query.raw);
  }
  if (RAW_HTML) {
    // ok: S005
    res.send('<div>' + req.query.raw + '</div>');
  }
  const trusted = false;
  if (trusted) {
    // ok: S005
    res.write(req.query.html);
  }
  res.end();
});

function renderSearch(results) {
  const term = new URLSearchParams(window.location.search).get('q');
  // ruleid: S005
  results.innerHTML = '<p>Results for ' + term + '</p>';
  // ruleid: S005
  document.write('<title>' + document.location.hash.slice(1) + '</title>');
  // ruleid: S005
  results.insertAdjacentHTML('beforeend', `<li>${document.referrer}</li>`);
  // ok: S005
  results.textContent = 'Results for ' + term;
  // ok: S005
  results.innerHTML = '<p>Results for ' + DOMPurify.sanitize(term) + '</p>';
  // ok: S005
  results.innerHTML = '<p>No results</p>';
}

module.exports = { app, renderSearch };
