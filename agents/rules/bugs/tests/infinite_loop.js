function pump(stream, handle) {
  // ruleid: B011
  while (true) {
    const chunk = stream.read();
    handle(chunk);
  }
}

function spin(state) {
  // ruleid: B011
  for (;;) {
    state.ticks++;
  }
}

function readAll(stream, handle) {
  // ok: B011
  for (;;) {
    const chunk = stream.read();
    if (chunk === null) {
      return;
    }
    handle(chunk);
  }
}

function* ids() {
  let n = 0;
  // ok: B011
  while (true) {
    yield n++;
  }
}

async function poll(check) {
  // ok: B011
  while (true) {
    await check();
  }
}

function countdown(n) {
  // ok: B011
  while (n > 0) {
    n--;
  }
}
