class Levels {
    int configure(String level, Options opts) {
        switch (level) {
            // ruleid: B013
            case "debug":
                opts.enableTracing();
            case "info":
                opts.enableLogging();
                break;
            // ruleid: B013
            case "warn": {
                opts.quiet = true;
            }
            case "error":
                opts.alerts = true;
                // fall through
            // ok: B013
            case "fatal":
                opts.page = true;
                return 1;
            // ok: B013
            case "trace":
            case "verbose":
                opts.enableTracing();
                break;
            // ok: B013
            case "skip":
                opts.skip = true;
            case "off": /* fall through */
                opts.enabled = false;
                break;
            default:
                throw new IllegalArgumentException(level);
        }
        return 0;
    }

    void documented(int k) {
        switch (k) {
            // ok: B013
            case 1:
                log("one");
                // explained in the comment, as conventions ask
            case 2:
                log("two");
                break;
            default:
                break;
        }
    }

    String arrow(int k) {
        // ok: B013
        switch (k) {
            case 1 -> log("one");
            default -> log("other");
        }
        return "";
    }
}
