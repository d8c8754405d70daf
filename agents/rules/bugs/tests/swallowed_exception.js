function parse(text) {
  try {
    return JSON.parse(text);
  // ruleid: B001
  } catch (e) {}
}

function parseOrNull(text) {
  try {
    return JSON.parse(text);
  // ok: B001
  } catch (e) {
    return null;
  }
}
