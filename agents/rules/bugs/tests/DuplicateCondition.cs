class Dispatch
{
    int Run(string kind, int size)
    {
        if (kind == "file")
        {
            return 1;
        }
        else if (kind == "dir")
        {
            return 2;
        }
        // ruleid: B006
        else if (kind == "file")
        {
            return 3;
        }
        // ok: B006
        else if (kind == "link")
        {
            return 4;
        }
        if (size > 10)
        {
            return 5;
        }
        else
        {
            // ok: B006
            if (size > 10)
            {
                return 6;
            }
        }
        if (size < 0)
        {
            return 7;
        }
        else if (size == 0)
        {
            return 8;
        }
        else if (size == 1)
        {
            return 9;
        }
        // ruleid: B006
        else if (size < 0)
        {
            return 10;
        }
        return size;
    }
}
