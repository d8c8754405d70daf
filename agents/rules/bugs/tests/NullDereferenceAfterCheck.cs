using System;
using System.Collections.Generic;

class Sessions
{
    void Describe(User user)
    {
        if (user == null)
        {
            // ruleid: B032
            Console.WriteLine("no session for " + user.Name);
        }
    }

    string Title(Page page)
    {
        if (page is null)
        {
            // ruleid: B032
            return page.Title.Trim();
        }
        return page.Title;
    }

    int Size(List<string> items)
    {
        if (items != null)
        {
            return items.Count;
        }
        else
        {
            // ruleid: B032
            var n = items.Count;
            return n;
        }
    }

    void Close(IDisposable handle)
    {
        if (handle == null)
        {
            // ruleid: B032
            handle.Dispose();
        }
    }

    int Value(int? count)
    {
        if (count == null)
        {
            // ok: B032
            return count.GetValueOrDefault();
        }
        return count.Value;
    }

    User Ensure(User user)
    {
        if (user == null)
        {
            // ok: B032
            user = new User("guest");
            user.Touch();
        }
        return user;
    }

    string Safe(User user)
    {
        if (user == null)
        {
            // ok: B032
            return user?.Name;
        }
        return user.Name;
    }
}
