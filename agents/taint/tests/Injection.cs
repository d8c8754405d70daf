using System.Data.SqlClient;
using System.Diagnostics;
using System.IO;
using Microsoft.AspNetCore.Mvc;

public class UsersController : Controller
{
    private const string Base = "SELECT * FROM users";
    private readonly SqlConnection _conn;

    public IActionResult Find(string name)
    {
        // ruleid: S001
        var cmd = new SqlCommand("SELECT * FROM users WHERE name = '" + name + "'", _conn);
        // ok: S001
        var ok = new SqlCommand(Base + " WHERE id = @id", _conn);
        var cmd2 = _conn.CreateCommand();
        // ruleid: S001
        cmd2.CommandText = $"SELECT * FROM t WHERE n = '{name}'";
        return Ok();
    }

    public IActionResult Run([FromQuery] string host)
    {
        // ruleid: S002
        Process.Start("ping", "-c 1 " + host);
        host = "localhost";
        // ok: S002
        Process.Start("ping", "-c 1 " + host);
        return Ok();
    }

    public IActionResult Download(string file)
    {
        // ruleid: S004
        var bytes = System.IO.File.ReadAllBytes(Path.Combine("/srv/files", file));
        // ok: S004
        var safe = System.IO.File.ReadAllBytes(Path.Combine("/srv/files", Path.GetFileName(file)));
        return File(bytes, "application/octet-stream");
    }

    public IActionResult Go()
    {
        string next = Request.Query["next"];
        // ruleid: S009
        return Redirect(next);
    }

    public IActionResult Orders(string customer)
    {
        // ruleid: S001
        var orders = _conn.Query<Order>("SELECT * FROM orders WHERE customer = '" + customer + "'");
        // ok: S004
        var exists = System.IO.File.Exists("/srv/" + customer.Length);
        return Ok(orders);
    }

    public IActionResult Count(int id)
    {
        // ok: S001
        var cmd = new SqlCommand("SELECT * FROM t WHERE id = " + id, _conn);
        return Ok();
    }
}
