function sameSize(a, b) {
  // ruleid: R003
  if (a.length === b.length) {
    return true;
  } else {
    return false;
  }
}

function other(a, b) {
  // ruleid: R003
  if (a.length === b.length) return true; else return false;
}

function third(a) {
  // ok: R003
  if (a) return false; else return true;
}
