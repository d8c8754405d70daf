class Parser
{
    public string[] Parse(string text) => Tokens(text);

    private string[] Tokens(string text) => text.Split(' ');

    // ruleid: R019
    private string[] LegacyParse(string text) => null;

    // ok: R019
    [Obsolete]
    private void Kept() { }
}

partial class Form
{
    // ok: R019
    private void OnLoad(object sender, System.EventArgs e) { }
}
