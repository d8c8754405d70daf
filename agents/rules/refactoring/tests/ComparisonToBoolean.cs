class ComparisonToBoolean
{
    int Check(Order order, bool ready)
    {
        // ruleid: R005
        if (order.IsValid() == true) return 1;
        // ruleid: R006
        if (ready == false) return 2;
        // ok: R005
        if (order?.Paid == true) return 3;
        // ok: R006
        if (order?.Paid == false) return 4;
        // ok: R005, R006
        return ready ? 5 : 0;
    }
}
