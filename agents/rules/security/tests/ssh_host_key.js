const { Client } = require("ssh2");
const { execSync } = require("child_process");

function insecure(host, privateKey) {
  const conn = new Client();
  conn.connect({
    host,
    username: "deploy",
    privateKey,
    // ruleid: S026
    hostVerifier: () => true,
  });
  conn.connect({
    host,
    // ruleid: S026
    hostVerifier: function (hashedKey) {
      return true;
    },
  });
  conn.connect({
    host,
    // ruleid: S026
    hostVerifier: (key, callback) => callback(true),
  });
  const options = {
    host,
    // ruleid: S026
    hostVerifier(key) {
      return true;
    },
  };
  // ruleid: S026
  execSync(`ssh -o StrictHostKeyChecking=no deploy@${host} uptime`);
  // ruleid: S026
  execSync("rsync -e 'ssh -o StrictHostKeyChecking=no' dist/ " + host + ":/srv");
  return options;
}

function secure(host, expectedFingerprint, crypto) {
  const conn = new Client();
  conn.connect({
    host,
    // ok: S026
    hostVerifier: (key) => crypto.createHash("sha256").update(key).digest("base64") === expectedFingerprint,
  });
  conn.connect({
    host,
    hostHash: "sha256",
    // ok: S026
    hostVerifier: (hashedKey) => hashedKey === expectedFingerprint,
  });
  // ok: S026
  execSync(`ssh -o StrictHostKeyChecking=yes deploy@${host} uptime`);
  // ok: S026
  const enabled = { verbose: () => true };
  return enabled;
}
