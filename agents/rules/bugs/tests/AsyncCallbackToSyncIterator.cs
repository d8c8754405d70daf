using System.Collections.Generic;
using System.Threading.Tasks;

class Saver
{
    void SaveAll(List<Document> docs)
    {
        // ruleid: B036
        docs.ForEach(async d => await d.SaveAsync());
    }

    async Task SaveAllProperlyAsync(List<Document> docs)
    {
        foreach (var d in docs)
        {
            await d.SaveAsync();
        }
        // ok: B036
        docs.ForEach(d => d.Validate());
        // ok: B036
        await Task.WhenAll(docs.ConvertAll(async d => await d.SaveAsync()));
    }
}
