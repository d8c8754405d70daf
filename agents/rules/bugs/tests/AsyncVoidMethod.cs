using System;
using System.Threading.Tasks;
using System.Windows.Forms;

class DocumentService
{
    private readonly Store _store = new Store();

    // ruleid: B034
    public async void SaveAsync(Document doc)
    {
        await _store.WriteAsync(doc);
    }

    [Obsolete("use ReloadAsync")]
    // ruleid: B034
    internal static async void Reload()
    {
        await Task.Delay(10);
    }

    public void Run()
    {
        // ruleid: B034
        async void Local() { await Task.Yield(); }
        Local();
    }

    // ok: B034
    public async Task SaveProperlyAsync(Document doc)
    {
        await _store.WriteAsync(doc);
    }

    // ok: B034
    private async void OnSaveClicked(object sender, EventArgs e)
    {
        await _store.FlushAsync();
    }

    // ok: B034
    private async void OnKeyDown(KeyEventArgs args)
    {
        await _store.FlushAsync();
    }

    // ok: B034
    public void Close()
    {
        _store.Dispose();
    }
}

class Page : BasePage
{
    // ok: B034
    protected override async void OnNavigatedTo(NavigationEventArgs2 e)
    {
        await LoadAsync();
    }
}
