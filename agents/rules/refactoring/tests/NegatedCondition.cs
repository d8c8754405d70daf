class NegatedCondition
{
    void Handle(User user)
    {
        // ruleid: R011
        if (!user.IsActive())
        {
            Archive(user);
        }
        else
        {
            Notify(user);
        }
        // ok: R011
        if (user.IsActive())
        {
            Notify(user);
        }
        else
        {
            Archive(user);
        }
    }
}
