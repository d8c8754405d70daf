class ElseAfterReturn
{
    string Name(User user)
    {
        if (user == null)
        {
            return null;
        }
        // ruleid: R004
        else
        {
            string name = user.Name.Trim();
            return name.Length == 0 ? user.Email : name;
        }
    }

    int Other(int x)
    {
        if (x > 0)
        {
            System.Console.WriteLine(x);
        }
        // ok: R004
        else
        {
            return 0;
        }
        return 1;
    }
}
