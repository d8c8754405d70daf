function total(items) {
  return items.reduce((a, i) => a + i.price, 0);
  // ruleid: B008
  console.log('total computed');
}

function helperFirst(x) {
  return helper(x);
  // ok: B008
  function helper(y) {
    return y * 2;
  }
}

function kind(t) {
  switch (t) {
    case 1:
      return 'one';
      // ok: B008
      break;
    case 2:
      throw new Error('two');
      // ruleid: B008
      cleanup();
    default:
      break;
      // ruleid: B008
      t++;
  }
  for (const x of [1, 2]) {
    if (x) {
      continue;
      // ruleid: B008
      log(x);
    }
  }
  return t;
  // ok: B008
  var later;
}

function guarded(x) {
  if (x) {
    return 1;
  }
  // ok: B008
  return 2;
}
