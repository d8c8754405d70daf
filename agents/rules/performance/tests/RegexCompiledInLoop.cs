using System.Collections.Generic;
using System.Text.RegularExpressions;

class RegexCompiledInLoop
{
    static readonly Regex Word = new Regex("[a-z]+");

    int Scan(List<string> lines, string pattern)
    {
        int n = 0;
        foreach (string line in lines)
        {
            // ruleid: P002
            var re = new Regex(@"\s*#");
            // ruleid: P002
            if (new System.Text.RegularExpressions.Regex("[0-9]+").IsMatch(line)) n++;
            // ok: P002
            if (Word.IsMatch(line)) n++;
            // ok: P002
            var dynamic = new Regex(pattern);
        }
        // ok: P002
        var once = new Regex("x");
        return n;
    }
}
