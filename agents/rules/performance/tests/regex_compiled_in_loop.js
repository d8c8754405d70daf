const COMMENT = /^\s*#/;

function scan(lines, words) {
  for (const line of lines) {
    // ruleid: P002
    const re = new RegExp("^\\s*#");
    // ruleid: P002
    if (new RegExp("[a-z]+", "i").test(line)) continue;
    // ok: P002
    if (COMMENT.test(line)) continue;
    // ok: P002
    const word = new RegExp("^" + words[0]);
  }
  // ok: P002
  for (const m of new RegExp("\\d+", "g").exec(lines[0])) {
    console.log(m);
  }
  // ok: P002
  return new RegExp("x");
}
