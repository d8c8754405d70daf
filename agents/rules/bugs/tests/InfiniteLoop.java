import java.io.BufferedReader;
import java.io.IOException;

class Pump {
    void pump(BufferedReader r, java.util.function.Consumer<String> handle) throws IOException {
        // ruleid: B011
        while (true) {
            handle.accept(r.readLine());
        }
    }

    void spin(int[] state) {
        // ruleid: B011
        for (;;) {
            state[0]++;
        }
    }

    void readAll(BufferedReader r, java.util.function.Consumer<String> handle) throws IOException {
        // ok: B011
        for (;;) {
            String line = r.readLine();
            if (line == null) {
                break;
            }
            handle.accept(line);
        }
    }

    void worker(java.util.concurrent.BlockingQueue<Runnable> q) throws InterruptedException {
        // ok: B011
        while (true) {
            q.take().run();
        }
    }

    void drain(java.util.Deque<String> d) {
        try {
            // ok: B011
            while (true) {
                d.pop();
            }
        } catch (java.util.NoSuchElementException e) {
            return;
        }
    }
}
