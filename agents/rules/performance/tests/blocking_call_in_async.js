const fs = require("fs");
const { execSync } = require("child_process");

async function build(files) {
  // ruleid: P006
  const text = fs.readFileSync(files[0], "utf8");
  for (const file of files) {
    // ruleid: P006
    execSync(`lint ${file}`);
  }
  // ok: P006
  const other = await fs.promises.readFile(files[1], "utf8");
  return text + other;
}

const load = async (file) => {
  // ruleid: P006
  return JSON.parse(fs.readFileSync(file, "utf8"));
};

function loadSync(file) {
  // ok: P006
  return fs.readFileSync(file, "utf8");
}
