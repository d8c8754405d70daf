using System.Collections.Generic;
using System.Threading.Tasks;

class Poller
{
    async Task PollAsync(Client client)
    {
        while (!client.Ready)
        {
            // ruleid: B035
            Task.Delay(500);
        }
    }

    async Task RunAllAsync(List<Task> jobs)
    {
        // ruleid: B035
        Task.WhenAll(jobs);
        await Task.Yield();
    }

    async Task PollProperlyAsync(Client client)
    {
        while (!client.Ready)
        {
            // ok: B035
            await Task.Delay(500);
        }
        // ok: B035
        _ = Task.WhenAll(client.Jobs);
        // ok: B035
        Task.Run(() => client.Refresh());
    }
}
