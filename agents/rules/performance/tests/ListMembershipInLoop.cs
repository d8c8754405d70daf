using System.Collections.Generic;
using System.Linq;

class ListMembershipInLoop
{
    static readonly HashSet<string> TextKinds = new HashSet<string> { "csv", "tsv", "txt" };

    int Count(List<string> kinds, string a, string b)
    {
        int n = 0;
        foreach (var kind in kinds)
        {
            // ruleid: P003
            if (new[] { "csv", "tsv", "txt" }.Contains(kind)) n++;
            // ruleid: P003
            if (new List<int> { 1, 2, 3 }.Contains(kind.Length)) n++;
            // ok: P003
            if (TextKinds.Contains(kind)) n++;
            // ok: P003
            if (new[] { a, b }.Contains(kind)) n++;
        }
        // ok: P003
        return new[] { "csv", "tsv" }.Contains(kinds[0]) ? n : 0;
    }
}
