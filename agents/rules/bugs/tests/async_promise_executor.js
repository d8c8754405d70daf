const fs = require("fs");

function loadConfig(path) {
  // ruleid: B049
  return new Promise(async (resolve) => {
    const text = await fs.promises.readFile(path, "utf8");
    resolve(JSON.parse(text));
  });
}

function delay(ms) {
  // ruleid: B049
  return new Promise(async function (resolve) {
    await null;
    setTimeout(resolve, ms);
  });
}

function loadConfigOk(path) {
  // ok: B049
  return new Promise((resolve, reject) => {
    fs.readFile(path, "utf8", (err, text) => (err ? reject(err) : resolve(JSON.parse(text))));
  });
}

async function loadConfigAsync(path) {
  // ok: B049
  const text = await fs.promises.readFile(path, "utf8");
  return JSON.parse(text);
}
