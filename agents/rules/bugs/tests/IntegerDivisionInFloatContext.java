class Ratios {
    // ruleid: B047
    static final double HALF = 1 / 2;

    double third(double x) {
        // ruleid: B047
        double r = 1 / 3 * x;
        // ruleid: B047
        float q = (3 / 4) + 1f;
        return r + q;
    }

    double ok(int a, int b) {
        // ok: B047
        double h = 1.0 / 2;
        // ok: B047
        int n = 7 / 2;
        // ok: B047
        double c = (double) a / b;
        return h + n + c;
    }
}
