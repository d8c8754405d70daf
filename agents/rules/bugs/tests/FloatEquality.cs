class Checkout
{
    double Pay(double total, decimal price)
    {
        // ruleid: B009
        if (total == 0.3)
        {
            return total * 0.9;
        }
        // ruleid: B009
        if (-0.1 != total)
        {
            return 0;
        }
        // ok: B009
        if (price == 0.1m || total == 0.0 || total == 0.25)
        {
            return 1;
        }
        // ok: B009
        if (System.Math.Abs(total - 0.3) < 1e-9)
        {
            return 2;
        }
        return total;
    }
}
