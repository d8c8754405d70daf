class CollapsibleIf
{
    int NotifyAll(User user, int x)
    {
        int sign = 0;
        // ruleid: R008
        if (user != null)
            if (user.Active) Notify(user);
        if (x > 0)
        {
            sign = 1;
        }
        // ruleid: R009
        else
        {
            if (x < 0) sign = -1;
        }
        // ok: R008
        if (user != null)
        {
            Log(user);
            if (user.Active) Notify(user);
        }
        return sign;
    }
}
