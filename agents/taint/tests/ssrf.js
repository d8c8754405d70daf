const express = require('express');
const axios = require('axios');
const http = require('http');
const https = require('https');

const app = express();
const USE_PROXY = false;

function fetchFeed(url) {
  // ruleid: S006
  return axios.get(url, { timeout: 5000 });
}

function avatarUrl(user) {
  return `https://${user}/avatar.png`;
}

app.get('/preview', async (req, res) => {
  const url = req.query.url;
  // ruleid: S006
  const page = await fetch(url);
  // ruleid: S006
  https.get('https://' + req.query.host + '/health', (r) => r.resume());
  // ruleid: S006
  const img = await axios(avatarUrl(req.query.user));
  fetchFeed(req.query.feed);
  // ok: S006
  const user = await fetch('https://api.example.com/users/' + encodeURIComponent(req.query.id));
  // ok: S006
  const status = await axios.get('https://status.example.com/api/v2/status.json');
  // ok: S006
  const search = await axios.get('https://api.example.com/search', { params: { q: req.query.q } });
  res.json({ page: page.status, img: img.status, user: user.status, status: status.data, search: search.data });
});

app.post('/webhooks', async (req, res) => {
  const targets = [];
  targets.push(req.body.callback);
  for (const target of targets) {
    // ruleid: S006
    await axios.post(target, { ok: true });
  }
  const endpoints = new Map();
  endpoints.set('notify', req.body.notify);
  // ruleid: S006
  await fetch(endpoints.get('notify'), { method: 'POST' });
  // ruleid: S006
  http.request(`http://${req.body.service}:8080/events`).end();
  res.sendStatus(204);
});

app.get('/mirror', async (req, res) => {
  let source = req.query.source;
  source = 'https://mirror.example.com/index.json';
  // ok: S006
  const index = await fetch(source);
  if (false) {
    // ok: S006
    await fetch(req.query.url);
  }
  if (USE_PROXY) {
    // ok: S006
    await axios.get(req.query.proxy);
  }
  const remote = false;
  if (remote) {
    // ok: S006
    http.get(req.query.remote);
  }
  res.json(await index.json());
});

module.exports = app;
