const express = require('express');
const fs = require('fs');
const fsp = require('fs/promises');
const path = require('path');
const sanitize = require('sanitize-filename');

const app = express();
const UPLOADS = path.join(__dirname, 'uploads');
const ALLOW_DELETE = false;

function readReport(name) {
  // ruleid: S004
  return fs.readFileSync(path.join(__dirname, 'reports', name), 'utf8');
}

function reportPath(name) {
  return `${__dirname}/reports/${name}.csv`;
}

app.get('/download', (req, res) => {
  const name = req.query.file;
  // ruleid: S004
  const data = fs.readFileSync(path.join(UPLOADS, name));
  // ruleid: S004
  res.sendFile(UPLOADS + '/' + name);
  // ruleid: S004
  fs.createReadStream(reportPath(req.query.report)).pipe(res);
  readReport(req.query.report);
  // ok: S004
  const safe = fs.readFileSync(path.join(UPLOADS, path.basename(name)));
  // ok: S004
  const alsoSafe = fs.readFileSync(path.join(UPLOADS, sanitize(name)));
  // ok: S004
  const index = fs.readFileSync(path.join(__dirname, 'public', 'index.html'));
  // ok: S004
  res.sendFile('report.pdf', { root: UPLOADS });
  res.json({ size: data.length + safe.length + alsoSafe.length + index.length });
});

app.delete('/files/:name', async (req, res) => {
  // ruleid: S004
  await fsp.unlink(path.join(UPLOADS, req.params.name));
  const victims = [];
  victims.push(req.body.extra);
  for (const victim of victims) {
    // ruleid: S004
    fs.rmSync(victim, { recursive: true });
  }
  const paths = new Map();
  paths.set('archive', req.body.archive);
  // ruleid: S004
  fs.unlinkSync(paths.get('archive'));
  // ok: S004
  await fsp.unlink(path.join(UPLOADS, path.basename(req.params.name)));
  res.sendStatus(204);
});

app.post('/upload', (req, res) => {
  // ruleid: S004
  fs.writeFileSync(path.join(UPLOADS, req.body.filename), req.body.content);
  let dest = req.body.dest;
  dest = path.join(UPLOADS, 'incoming');
  // ok: S004
  fs.mkdirSync(dest, { recursive: true });
  if (false) {
    // ok: S004
    fs.unlinkSync(req.body.old);
  }
  if (ALLOW_DELETE) {
    // ok: S004
    fs.rmSync(req.body.dir, { recursive: true });
  }
  const keep = false;
  if (keep) {
    // ok: S004
    fs.writeFileSync(req.body.backup, '');
  }
  res.sendStatus(201);
});

app.get('/attachment', (req, res) => {
  // ruleid: S004
  res.download(`${UPLOADS}/${req.query.name}`);
});

module.exports = app;
