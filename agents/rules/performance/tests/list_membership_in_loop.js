const TEXT_KINDS = new Set(["csv", "tsv", "txt"]);

function loadAll(rows, a, b, c) {
  const loaded = [];
  for (const row of rows) {
    // ruleid: P003
    if (["csv", "tsv", "txt"].includes(row.kind)) loaded.push(row);
    // ruleid: P003
    if ([1, 2, 3].indexOf(row.code) !== -1) continue;
    // ok: P003
    if (TEXT_KINDS.has(row.kind)) loaded.push(row);
    // ok: P003
    if ([a, b, c].includes(row.kind)) loaded.push(row);
  }
  // ok: P003
  return ["csv", "tsv", "txt"].includes(rows[0].kind) ? loaded : [];
}
