import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

class JobRunner {
    private static final Logger LOG = Logger.getLogger("jobs");

    boolean run(Runnable job) {
        try {
            job.run();
            return true;
        // ruleid: B030
        } catch (Throwable t) {
            return false;
        }
    }

    void runFully(Runnable job, java.util.Map<String, Object> cache) {
        try {
            job.run();
        // ruleid: B030
        } catch (java.lang.Error e) {
            cache.clear();
        }
    }

    void runAndRethrow(Runnable job) {
        try {
            job.run();
        // ok: B030
        } catch (Throwable t) {
            LOG.warning("job failed: " + t);
            throw t;
        }
    }

    void runAsync(Runnable job, CompletableFuture<Void> result) {
        try {
            job.run();
            result.complete(null);
        // ok: B030
        } catch (Throwable ex) {
            result.completeExceptionally(ex);
        }
    }

    void runLogged(Runnable job) {
        try {
            job.run();
        // ok: B030
        } catch (Throwable t) {
            LOG.severe("job crashed");
        }
    }

    boolean runSpecific(Runnable job) {
        try {
            job.run();
            return true;
        // ok: B030
        } catch (IllegalStateException e) {
            return false;
        }
    }

    Object[] grow(int n) {
        try {
            return new Object[n << 1];
        // ok: B030
        } catch (Throwable t) {   // try to cope with OOME
            return null;
        }
    }

    void runIgnoring(Runnable job) {
        try {
            job.run();
        // ok: B030
        } catch (Throwable t) {
        }
    }
}
