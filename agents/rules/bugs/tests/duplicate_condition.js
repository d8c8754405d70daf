function dispatch(kind, token) {
  if (kind === 'file') {
    return openFile();
  } else if (kind === 'dir') {
    return listDir();
  // ruleid: B006
  } else if (kind === 'file') {
    return follow();
  }
  if (token.type === 'a') {
    return 1;
  } else if (token.type === 'b') {
    return 2;
  } else if (token.type === 'c') {
    return 3;
  // ruleid: B006
  } else if (token.type === 'a') {
    return 4;
  // ok: B006
  } else if (token.type === 'd') {
    return 5;
  }
  if (kind === 'file') {
    return 6;
  }
  // ok: B006
  if (kind === 'file') {
    return 7;
  }
  // ok: B006
  return kind === 'file' ? 8 : 9;
}
