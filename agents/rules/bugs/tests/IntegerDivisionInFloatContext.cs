class Ratios
{
    // ruleid: B047
    const double Half = 1 / 2;

    decimal Third(decimal x)
    {
        // ruleid: B047
        decimal r = 1 / 3 * x;
        return r;
    }

    double Ok(int a, int b)
    {
        // ok: B047
        double h = 1.0 / 2;
        // ok: B047
        int n = 7 / 2;
        // ok: B047
        decimal m = 1 / 3m;
        return h + n + (double)m;
    }
}
