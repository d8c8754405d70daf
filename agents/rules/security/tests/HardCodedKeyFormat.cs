public class HardCodedKeyFormat
{
    // ruleid: S035
    private const string Conn = "Data Source=sql01;Initial Catalog=Orders;User ID=app;Password=Q7v!x92kLm";
    // ruleid: S035
    private const string Verbatim = @"Server=sql01;Database=Orders;Uid=app;Pwd=Q7v!x92kLm;";
    // ok: S035
    private const string Integrated = "Data Source=sql01;Initial Catalog=Orders;Integrated Security=True";
    // ok: S035
    private const string Placeholder = "Server=sql01;Database=Orders;User Id=app;Password=<password>;";
    // ruleid: S035
    private const string Key = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";
}
