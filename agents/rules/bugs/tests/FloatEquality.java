class Checkout {
    double pay(double total, float rate) {
        // ruleid: B009
        if (total == 0.3) {
            return total * 0.9;
        }
        // ruleid: B009
        if (rate != 0.1f) {
            return 0;
        }
        // ok: B009
        if (total == 0.0 || total == -1.0 || rate == 0.5f) {
            return 1;
        }
        // ok: B009
        if (Math.abs(total - 0.3) < 1e-9) {
            return 2;
        }
        return total;
    }
}
