class Loop
{
    void Run(System.IO.TextReader r, bool done, bool ready)
    {
        // ruleid: B005
        if (done = true)
        {
            Stop();
        }
        do
        {
            Step();
        // ruleid: B005
        } while (ready = this.done);
        // ok: B005
        string line;
        while ((line = r.ReadLine()) != null)
        {
            Step();
        }
        // ok: B005
        if ((ready = Poll()))
        {
            Step();
        }
        // ok: B005
        if (done == ready)
        {
            Stop();
        }
    }

    bool TryScan(int i, int n, bool found)
    {
        // ok: B005
        if (found = (i == n))
        {
            return true;
        }
        // ok: B005
        while (found = TryTake())
        {
            i++;
        }
        return found;
    }
}
