using System.Collections.Generic;
using System.Text;
using System.Xml;
using System.Xml.XPath;
using Microsoft.AspNetCore.Mvc;

public class UsersXmlController : Controller
{
    private const bool AdminQueries = false;
    private readonly XmlDocument _doc = new XmlDocument();

    private XmlNodeList UsersNamed(string name)
    {
        // ruleid: S008
        return _doc.SelectNodes("//user[name='" + name + "']");
    }

    private XmlNodeList Everyone(string ignored)
    {
        // ok: S008
        return _doc.SelectNodes("//user/name");
    }

    private string ByEmail(string email)
    {
        return string.Format("//user[email='{0}']", email);
    }

    public IActionResult Find(string name)
    {
        // ruleid: S008
        var node = _doc.SelectSingleNode("//user[name='" + name + "']/email");
        // ruleid: S008
        var byId = _doc.SelectNodes($"//user[@id='{Request.Query["id"]}']");
        // ruleid: S008
        var mail = _doc.SelectSingleNode(ByEmail(Request.Query["email"]));
        XPathNavigator nav = _doc.CreateNavigator();
        // ruleid: S008
        var count = nav.Evaluate("count(//user[dept='" + Request.Query["dept"] + "'])");
        UsersNamed(Request.Query["who"]);
        Everyone(name);
        // ok: S008
        var numbered = _doc.SelectSingleNode("//user[" + int.Parse(Request.Query["n"]) + "]");
        // ok: S008
        var all = _doc.SelectNodes("//user/name/text()");
        return Ok(new object[] { node, byId, mail, count, numbered, all });
    }

    [HttpPost]
    public IActionResult Search([FromForm] string city, [FromForm] string dept)
    {
        var conditions = new List<string>();
        conditions.Add("city='" + city + "'");
        // ruleid: S008
        var hits = _doc.SelectNodes("//user[" + string.Join(" and ", conditions) + "]");
        var fields = new Dictionary<string, string>();
        fields["dept"] = dept;
        // ruleid: S008
        var byDept = _doc.SelectNodes("//user[dept='" + fields["dept"] + "']");
        var expr = new StringBuilder("//user[role='");
        expr.Append(Request.Form["role"]);
        expr.Append("']");
        // ruleid: S008
        var byRole = _doc.SelectNodes(expr.ToString());
        string team = Request.Form["team"];
        team = "sales";
        // ok: S008
        var rows = _doc.SelectNodes("//user[team='" + team + "']");
        if (false)
        {
            // ok: S008
            _doc.SelectNodes("//user[name='" + city + "']");
        }
        if (AdminQueries)
        {
            // ok: S008
            _doc.SelectNodes(Request.Form["query"]);
        }
        var audit = false;
        if (audit)
        {
            // ok: S008
            _doc.SelectSingleNode("//log[user='" + dept + "']");
        }
        return Ok(new object[] { hits, byDept, byRole, rows });
    }
}
