class Loop {
    void run(java.io.BufferedReader r, boolean done, boolean ready) throws java.io.IOException {
        // ruleid: B005
        if (done = true) {
            stop();
        }
        // ruleid: B005
        while (ready = done) {
            step();
        }
        // ok: B005
        String line;
        while ((line = r.readLine()) != null) {
            step();
        }
        // ok: B005
        if ((ready = poll())) {
            step();
        }
        // ok: B005
        if (done |= ready) {
            stop();
        }
        // ok: B005
        if (done == true) {
            stop();
        }
    }
}

class Remember {
    boolean found;

    void scan(int i, int n) {
        // ok: B005
        if (found = (i == n)) {
            return;
        }
        // ok: B005
        while (found = tryTake()) {
            i++;
        }
        // ruleid: B005
        if (found = this.found) {
            return;
        }
    }
}
