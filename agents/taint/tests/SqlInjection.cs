using System.Collections.Generic;
using System.Data.SqlClient;
using System.Linq;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

public class ProductsController : Controller
{
    private const bool Debug = false;
    private const string Base = "SELECT Id, Name FROM Products";
    private readonly SqlConnection _conn;
    private readonly ShopContext _db;

    private SqlDataReader FindByName(string name)
    {
        // ruleid: S001
        var cmd = new SqlCommand("SELECT * FROM Products WHERE Name = '" + name + "'", _conn);
        return cmd.ExecuteReader();
    }

    private SqlDataReader FindById(string id)
    {
        // ok: S001
        var cmd = new SqlCommand("SELECT * FROM Products WHERE Id = @id", _conn);
        cmd.Parameters.AddWithValue("@id", id);
        return cmd.ExecuteReader();
    }

    private string OrderBy(string column)
    {
        return " ORDER BY " + column;
    }

    public IActionResult Search(string name, string sort)
    {
        // ruleid: S001
        var cmd = new SqlCommand("SELECT * FROM Products WHERE Name = '" + name + "'", _conn);
        // ruleid: S001
        var byTag = new SqlCommand(string.Format("SELECT * FROM Products WHERE Tag = '{0}'", Request.Query["tag"]), _conn);
        var text = _conn.CreateCommand();
        // ruleid: S001
        text.CommandText = $"SELECT * FROM Products WHERE Brand = '{Request.Query["brand"]}'";
        // ruleid: S001
        var sorted = new SqlCommand(Base + OrderBy(sort), _conn);
        FindByName(Request.Form["name"]);
        FindById(name);
        // ok: S001
        var safe = new SqlCommand("SELECT * FROM Products WHERE Name = @name", _conn);
        safe.Parameters.AddWithValue("@name", name);
        // ok: S001
        var paged = new SqlCommand(Base + " WHERE Id > " + int.Parse(Request.Query["after"]), _conn);
        // ok: S001
        var all = new SqlCommand(Base, _conn);
        // ok: S001
        var ordered = new SqlCommand(Base + OrderBy("Name"), _conn);
        return Ok();
    }

    [HttpPost]
    public IActionResult Filter([FromForm] string city, [FromForm] string owner)
    {
        var clauses = new List<string>();
        clauses.Add("City = '" + city + "'");
        // ruleid: S001
        var cmd = new SqlCommand("SELECT * FROM Shops WHERE " + string.Join(" AND ", clauses), _conn);
        var filters = new Dictionary<string, string>();
        filters.Add("owner", owner);
        // ruleid: S001
        _conn.Execute("DELETE FROM Carts WHERE Owner = '" + filters["owner"] + "'");
        var sb = new StringBuilder("SELECT * FROM Orders WHERE Status = '");
        sb.Append(Request.Form["status"]);
        sb.Append("'");
        // ruleid: S001
        var orders = _conn.Query(sb.ToString());
        string table = Request.Query["table"];
        table = "Events";
        // ok: S001
        var events = new SqlCommand("SELECT * FROM " + table, _conn);
        if (false)
        {
            // ok: S001
            new SqlCommand("SELECT * FROM Events WHERE Kind = '" + city + "'", _conn);
        }
        if (Debug)
        {
            // ok: S001
            _conn.Execute("DELETE FROM Events WHERE Day = " + Request.Query["day"]);
        }
        var verbose = false;
        if (verbose)
        {
            // ok: S001
            _conn.Query($"SELECT * FROM Debug WHERE Tag = '{owner}'");
        }
        return Ok(orders);
    }

    public IActionResult Raw(string sku, int page)
    {
        // ruleid: S001
        var items = _db.Products.FromSqlRaw("SELECT * FROM Products WHERE Sku = '" + sku + "'").ToList();
        // ok: S001
        var byPage = _db.Products.FromSqlRaw("SELECT * FROM Products ORDER BY Id OFFSET " + page * 20 + " ROWS").ToList();
        // ok: S001
        var safe = _db.Products.FromSqlRaw("SELECT * FROM Products WHERE Sku = {0}", sku).ToList();
        return Ok(items.Concat(byPage).Concat(safe));
    }
}
