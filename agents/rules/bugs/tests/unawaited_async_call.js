async function save(doc) {
  // ruleid: B035
  fetch("/api/docs", { method: "POST", body: JSON.stringify(doc) });
  showSaved();
}

async function saveAll(docs) {
  // ruleid: B035
  Promise.all(docs.map((doc) => save(doc)));
  showSaved();
}

async function saveProperly(doc) {
  // ok: B035
  await fetch("/api/docs", { method: "POST", body: JSON.stringify(doc) });
  // ok: B035
  void fetch("/api/ping");
  // ok: B035
  fetch("/api/log").catch(() => {});
  // ok: B035
  return fetch("/api/docs");
}

function showSaved() {
  // ok: B035
  const all = Promise.all([]);
  return all;
}
