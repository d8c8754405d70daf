class Same
{
    bool IsSame(int a, int b)
    {
        // ruleid: B003
        if (a == a) { return true; }
        // ok: B003
        return a == b;
    }
}
