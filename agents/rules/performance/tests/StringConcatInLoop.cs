class StringConcatInLoop
{
    string Render(System.Collections.Generic.List<string> rows)
    {
        string out1 = string.Empty;
        int total = 0;
        foreach (var row in rows)
        {
            // ruleid: P001
            out1 += row + "\n";
            // ruleid: P001
            out1 += $"{row};";
            // ok: P001
            total += row.Length;
        }
        for (int i = 0; i < rows.Count; i++)
        {
            if (i > 0)
            {
                // ruleid: P001
                out1 += rows[i];
            }
        }
        // ok: P001
        out1 += "end";
        return out1;
    }
}
