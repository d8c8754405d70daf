using System.Collections.Generic;
using System.Linq;

class CountToTestExistence
{
    bool Check(IEnumerable<string> names, List<string> list)
    {
        // ruleid: P013
        if (names.Count() > 0) return true;
        // ruleid: P013
        if (names.Count(n => n.Length == 0) != 0) return true;
        // ok: P013
        if (list.Count > 0) return true;
        // ok: P013
        return names.Count() > 1 || names.Any();
    }
}

static class StrUtil
{
    static int Count(string s, string t) => 0;

    static bool Has(string s)
    {
        // ok: P013
        return StrUtil.Count(s, "U") != 0;
    }
}
