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
