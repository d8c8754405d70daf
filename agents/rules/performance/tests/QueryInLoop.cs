using System.Collections.Generic;
using System.Data.Common;
using System.Net.Http;
using System.Threading.Tasks;

class QueryInLoop
{
    async Task<int> Load(DbCommand command, HttpClient client, List<string> urls, Dictionary<string, int> cache)
    {
        int n = 0;
        foreach (var url in urls)
        {
            // ruleid: P004
            var body = await client.GetStringAsync(url);
            // ruleid: P004
            n += (int)command.ExecuteScalar();
            // ok: P004
            n += cache.GetValueOrDefault(url);
        }
        // ok: P004
        n += (int)command.ExecuteScalar();
        return n;
    }
}
