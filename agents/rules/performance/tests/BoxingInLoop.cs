using System.Collections;
using System.Collections.Generic;

class BoxingInLoop
{
    int Fill(int[] values)
    {
        ArrayList boxed = new ArrayList();
        var queue = new Queue();
        var typed = new List<int>();
        foreach (int v in values)
        {
            // ruleid: P008
            boxed.Add(v);
            if (v > 0)
            {
                // ruleid: P008
                queue.Enqueue(v);
            }
            // ok: P008
            typed.Add(v);
        }
        // ok: P008
        boxed.Add(0);
        return boxed.Count + queue.Count + typed.Count;
    }
}
