using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

class BlockingCallInAsync
{
    public async Task<string> Refresh(HttpClient client, Task pending)
    {
        // ruleid: P006
        Thread.Sleep(1000);
        if (pending != null)
        {
            // ruleid: P006
            pending.Wait();
        }
        // ruleid: P006
        var body = client.GetStringAsync("https://example.com").Result;
        // ok: P006
        await Task.Delay(1000);
        // ok: P006
        await Task.Run(() => Thread.Sleep(100));
        // ok: P006
        var other = await client.GetStringAsync("https://example.com");
        return body + other;
    }

    public string RefreshSync(HttpClient client)
    {
        // ok: P006
        Thread.Sleep(1000);
        return client.GetStringAsync("https://example.com").Result;
    }
}

class Jobs2
{
    public async Task RunAsync(Task other)
    {
        // ruleid: P006
        Thread.Sleep(100);
        // ruleid: P006
        other.Wait();
        // ruleid: P006
        var n = LoadAsync().Result;
        // ruleid: P006
        var m = LoadAsync().GetAwaiter().GetResult();
        // ok: P006
        await Task.Delay(100);
        // ok: P006
        await other;
        // A synchronous lambda inside an async method blocks its own thread, not this one.
        // ok: P006
        await Task.Run(() => Thread.Sleep(10));
        if (n > 0)
        {
            foreach (var i in new[] { 1, 2 })
            {
                // ruleid: P006
                Task.WaitAll(other);
            }
        }
    }

    public void Run(Task other)
    {
        // ok: P006
        Thread.Sleep(100);
        // ok: P006
        other.Wait();
    }

    Task<int> LoadAsync() => Task.FromResult(1);

    public void Start()
    {
        Func<Task> f = async () =>
        {
            // ruleid: P006
            Thread.Sleep(5);
            await Task.Yield();
        };
    }
}
