async function saveAll(items) {
  // ruleid: B036
  items.forEach(async (item) => {
    await save(item);
  });
  console.log("all saved");
}

async function pending(items) {
  // ruleid: B036
  return items.filter(async function (item) {
    return await isPending(item);
  });
}

function notifyAll(users) {
  // ruleid: B036
  users.map(async (u) => notify(u));
}

async function saveAllProperly(items) {
  for (const item of items) {
    await save(item);
  }
  // ok: B036
  await Promise.all(items.map(async (item) => save(item)));
  // ok: B036
  items.forEach((item) => console.log(item));
  // ok: B036
  const results = items.map(async (item) => save(item));
  return Promise.all(results);
}
