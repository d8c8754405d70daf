class MagicNumber
{
    const int MaxRetries = 7;

    bool Check(string password, int retries, int[] items)
    {
        // ruleid: R002
        if (password.Length < 12) return false;
        // ok: R002
        if (retries > MaxRetries) return false;
        // ok: R002
        int first = items[items.Length - 3];
        // ok: R002
        return retries == -1 || (first & 0xFF) != 0;
    }
}
