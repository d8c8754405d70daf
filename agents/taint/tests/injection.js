const express = require('express');
const { exec } = require('child_process');
const fs = require('fs');
const path = require('path');
const app = express();

app.get('/run', (req, res) => {
  const host = req.query.host;
  // ruleid: S002
  exec('ping -c 1 ' + host);
  // ok: S002
  exec('ping -c 1 localhost');
  // ruleid: S004
  fs.readFile(path.join(__dirname, req.query.file), () => {});
  // ok: S004
  fs.readFile(path.join(__dirname, path.basename(req.query.file)), () => {});
  // ok: S004
  fs.readFileSync(path.join(__dirname, 'index.html'));
  // ruleid: S009
  res.redirect(req.query.next);
  // ruleid: S005
  res.send('<p>Hello ' + req.query.name + '</p>');
  // ok: S005
  res.send('<p>Hello ' + escape(req.query.name) + '</p>');
  const id = parseInt(req.params.id, 10);
  // ok: S001
  db.query('SELECT * FROM t WHERE id = ' + id);
  // ruleid: S001
  db.query(`SELECT * FROM t WHERE name = '${req.query.name}'`);
  runQuery(req.body.who);
});

function runQuery(who) {
  // ruleid: S001
  connection.query("SELECT * FROM t WHERE who = '" + who + "'");
}

function render(el, location) {
  // ruleid: S005
  el.innerHTML = document.location.hash;
  // ok: S005
  el.textContent = document.location.hash;
  const code = 'return 1';
  // ok: S003
  new Function(code);
  // ruleid: S003
  eval(window.location.hash.slice(1));
}

function go() {
  // ruleid: S009
  location = document.location.hash.slice(1);
}
