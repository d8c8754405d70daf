function load(path) {
  const data = read(path);
  // ruleid: R021
  let result = data.trim();
  // ok: R021
  const _skip = 1;
  return data;
}

function shorthand(a) {
  // ok: R021
  const name = a.name;
  return { name };
}

const arrow = (xs) => {
  // ruleid: R021
  var count = xs.length;
  // ok: R021
  const first = xs[0];
  return () => first;
};

// ok: R021
const moduleLevel = 1;
