class ComplexBooleanExpression
{
    bool Allowed(User user, Doc doc, long now)
    {
        // ruleid: R001
        if (user != null && user.Active && !user.Locked && (user.Admin || doc.Owner == user.Id))
        {
            return true;
        }
        // ok: R001
        if (user != null && user.Active && !user.Locked)
        {
            return true;
        }
        // ruleid: R001
        return doc.Shared || doc.Owner == user.Id || user.Admin || now < doc.Expiry || doc.Open;
    }
}
