using System.Collections.Generic;

class Totals
{
    int Total(int[] items)
    {
        return Sum(items);
        // ok: B008
        int Sum(int[] xs)
        {
            int s = 0;
            foreach (var x in xs) s += x;
            return s;
        }
    }

    IEnumerable<int> Numbers(int n)
    {
        yield return 1;
        // ok: B008
        Log(n);
        yield break;
        // ruleid: B008
        Log(n);
    }

    string Kind(int t)
    {
        switch (t)
        {
            case 1:
                return "one";
                // ok: B008
                break;
            case 2:
                goto case 1;
                // ruleid: B008
                Log(t);
            default:
                throw new System.ArgumentException("t");
                // ruleid: B008
                return "never";
        }
    }

    int Retry(int t)
    {
        goto done;
        // ok: B008
    done:
        return t;
    }
}
