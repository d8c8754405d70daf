const fs = require('fs');
const os = require('os');
const path = require('path');

// ruleid: S032
const LOCK = '/tmp/my-app.lock';

function save(report, id) {
  // ruleid: S032
  fs.writeFileSync('/tmp/report.json', JSON.stringify(report));
  // ruleid: S032
  fs.createWriteStream(`/var/tmp/upload-${id}`);
  // ruleid: S032
  const target = path.join(os.tmpdir(), 'report.json');
  // ruleid: S032
  const other = os.tmpdir() + '/other.json';
  // ruleid: S032
  const third = `${os.tmpdir()}/third.json`;
  return [target, other, third];
}

function fine(report) {
  // ok: S032
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
  // ok: S032
  fs.writeFileSync(path.join(dir, 'report.json'), JSON.stringify(report));
  // ok: S032
  const base = os.tmpdir();
  // ok: S032
  console.log('/tmp/report.json');
  // ok: S032
  fs.readFileSync('/etc/hosts');
  return [dir, base];
}
