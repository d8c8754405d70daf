function name(user) {
  if (!user) {
    return null;
    // ruleid: R004
  } else {
    const name = user.name.trim();
    return name || user.email;
  }
}

function other(x) {
  if (x) {
    throw new Error("x");
    // ok: R004
  } else if (x === 0) {
    return 0;
  }
  if (x) {
    console.log(x);
    // ok: R004
  } else {
    return 1;
  }
  return 2;
}
