class IfReturnBoolean
{
    bool SameSize(int[] a, int[] b)
    {
        // ruleid: R003
        if (a.Length == b.Length) return true;
        else return false;
    }

    bool Other(int[] a)
    {
        // ok: R003
        if (a.Length == 0) return false;
        else return true;
    }
}
