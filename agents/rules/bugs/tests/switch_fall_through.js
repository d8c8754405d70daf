function configure(level, opts) {
  switch (level) {
    // ruleid: B013
    case 'debug':
      enableTracing();
    case 'info':
      enableLogging();
      break;
    // ruleid: B013
    case 'warn': {
      opts.quiet = true;
    }
    case 'error':
      opts.alerts = true;
      // falls through
    // ok: B013
    case 'fatal':
      opts.page = true;
      return opts;
    // ok: B013
    case 'trace':
    case 'verbose':
      enableTracing();
      break;
    // ok: B013
    case 'off':
      process.exit(0);
    default:
      throw new Error(`unknown level ${level}`);
  }
  return opts;
}

function lastCase(kind) {
  switch (kind) {
    case 1:
      return 'one';
    // ok: B013
    default:
      log(kind);
  }
}
