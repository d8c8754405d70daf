class Stats
{
    int Average(int total, int count)
    {
        // ruleid: B010
        int mean = total / 0;
        // ruleid: B010
        total %= 0;
        // ok: B010
        double inf = total / 0.0;
        // ok: B010
        return count == 0 ? 0 : total / count + mean + (int)inf;
    }
}
