const axios = require("axios");

async function load(ids, cache) {
  const out = [];
  for (const id of ids) {
    // ruleid: P004
    const res = await fetch(`/api/items/${id}`);
    // ruleid: P004
    out.push((await axios.get(`/api/users/${id}`)).data);
    // ok: P004
    out.push(cache.get(id));
  }
  // ok: P004
  for (const item of await fetch("/api/items").then((r) => r.json())) {
    out.push(item);
  }
  // ok: P004
  const all = await axios.get("/api/items", { params: { ids } });
  return [out, all];
}
