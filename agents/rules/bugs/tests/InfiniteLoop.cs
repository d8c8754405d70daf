using System.Collections.Generic;
using System.IO;

class Pump
{
    void Run(TextReader r, System.Action<string> handle)
    {
        // ruleid: B011
        while (true)
        {
            handle(r.ReadLine());
        }
    }

    void Spin(int[] state)
    {
        // ruleid: B011
        for (;;)
        {
            state[0]++;
        }
    }

    IEnumerable<int> Ids()
    {
        int n = 0;
        // ok: B011
        while (true)
        {
            yield return n++;
        }
    }

    void ReadAll(TextReader r, System.Action<string> handle)
    {
        // ok: B011
        while (true)
        {
            string line = r.ReadLine();
            if (line == null) break;
            handle(line);
        }
    }

    void Heartbeat(System.Action beat)
    {
        // ok: B011
        while (true)
        {
            beat();
            System.Threading.Thread.Sleep(1000);
        }
    }
}
