class View
{
    string Render(User user, Page page)
    {
        // ruleid: B007
        if (user.IsAdmin)
        {
            return page.Render(true);
        }
        else
        {
            return page.Render(true);
        }
    }

    int Size(bool wide, int n)
    {
        // ruleid: B007
        int w = wide ? n * 2 : n * 2;
        // ok: B007
        int h = wide ? n * 2 : n;
        // ok: B007
        if (wide)
        {
            return w;
        }
        else
        {
            return h;
        }
    }
}
