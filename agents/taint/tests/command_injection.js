const express = require('express');
const cp = require('child_process');
const { exec, execSync, spawn } = require('child_process');
const shellQuote = require('shell-quote');

const app = express();
const ALLOW_SHELL = false;

function archive(name) {
  // ruleid: S002
  execSync(`tar czf /backups/${name}.tgz /srv/data`);
}

function lookup(domain, cb) {
  const cmd = 'nslookup ' + domain;
  // ruleid: S002
  exec(cmd, cb);
}

function pingFixed(host) {
  // ok: S002
  return spawn('ping', ['-c', '1', host]);
}

app.get('/ping', (req, res) => {
  const host = req.query.host;
  // ruleid: S002
  exec('ping -c 1 ' + host, (err, out) => res.send(out));
  // ruleid: S002
  cp.execSync(`dig ${req.query.domain} +short`);
  // ruleid: S002
  spawn('sh', ['-c', 'traceroute ' + host], { shell: true });
  // ruleid: S002
  spawn(req.query.tool, ['--version']);
  archive(req.query.name);
  lookup(req.query.domain, () => {});
  pingFixed('localhost');
  // ok: S002
  exec('ping -c 1 ' + shellQuote.quote([host]));
  // ok: S002
  exec('ping -c ' + parseInt(req.query.count, 10) + ' localhost');
  // ok: S002
  spawn('ping', ['-c', '1', 'localhost']);
  // ok: S002
  execSync('uptime');
});

app.post('/convert', (req, res) => {
  const argv = ['convert'];
  argv.push(req.body.src);
  argv.push('out.png');
  // ruleid: S002
  execSync(argv.join(' '));
  const opts = new Map();
  opts.set('quality', req.body.quality);
  // ruleid: S002
  exec('convert -quality ' + opts.get('quality') + ' in.png out.jpg');
  res.sendStatus(204);
});

app.get('/cleanup', (req, res) => {
  let target = req.query.dir;
  target = '/tmp/uploads';
  // ok: S002
  execSync('rm -rf ' + target);
  if (false) {
    // ok: S002
    execSync('rm -rf ' + req.query.path);
  }
  if (ALLOW_SHELL) {
    // ok: S002
    exec(req.query.cmd);
  }
  const dryRun = false;
  if (dryRun) {
    // ok: S002
    cp.exec(req.query.cmd);
  }
  res.end();
});

function cli() {
  // ruleid: S002
  execSync('grep -r ' + process.argv[2] + ' /var/log');
}

module.exports = { app, cli };
