class MagicNumber {
    private static final int MAX_RETRIES = 7;
    private static final long DAY = 24 * 3600;

    boolean check(String password, int retries, int[] items) {
        // ruleid: R002
        if (password.length() < 12) return false;
        // ok: R002
        long ms = retries * 86400L;
        // ok: R002
        if (retries > MAX_RETRIES) return false;
        // ok: R002
        int first = items[items.length - 3];
        // ok: R002
        return retries == -1 || ms > 1000L * first;
    }
}
