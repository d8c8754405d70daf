class UnusedVariable {
    int load(String path) {
        // ruleid: R021
        String unused = path.trim();
        // ok: R021
        int n = path.length();
        for (int i = 0; i < n; i++) {
            // ruleid: R021
            int square = i * i;
        }
        Runnable r = () -> System.out.println(n);
        r.run();
        return n;
    }
}
