using System.Collections.Generic;
using System.DirectoryServices;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Security.Application;

public class DirectoryController : Controller
{
    private const string Root = "LDAP://dc=example,dc=com";
    private const bool LegacyLookup = false;

    private SearchResult FindMember(string group)
    {
        // ruleid: S007
        var searcher = new DirectorySearcher(new DirectoryEntry(Root), "(memberOf=cn=" + group + ",ou=groups)");
        return searcher.FindOne();
    }

    private SearchResult FindAll(string ignored)
    {
        // ok: S007
        var searcher = new DirectorySearcher(new DirectoryEntry(Root), "(objectClass=person)");
        return searcher.FindOne();
    }

    private string UidFilter(string uid)
    {
        return string.Format("(&(objectClass=person)(uid={0}))", uid);
    }

    public IActionResult People(string user)
    {
        var searcher = new DirectorySearcher(new DirectoryEntry(Root));
        // ruleid: S007
        searcher.Filter = "(uid=" + user + ")";
        // ruleid: S007
        var byMail = new DirectorySearcher($"(mail={Request.Query["mail"]})");
        // ruleid: S007
        searcher.Filter = UidFilter(Request.Query["uid"]);
        // ruleid: S007
        var entry = new DirectoryEntry("LDAP://cn=" + Request.Query["cn"] + ",dc=example,dc=com");
        FindMember(Request.Query["group"]);
        FindAll(user);
        // ok: S007
        searcher.Filter = "(employeeNumber=" + int.Parse(Request.Query["no"]) + ")";
        // ok: S007
        searcher.Filter = "(uid=" + Encoder.LdapFilterEncode(user) + ")";
        // ok: S007
        searcher.Filter = "(objectClass=person)";
        return Ok(searcher.FindAll().Count + byMail.Filter + entry.Path);
    }

    [HttpPost]
    public IActionResult Groups([FromForm] string unit, [FromForm] string title)
    {
        var searcher = new DirectorySearcher(new DirectoryEntry(Root));
        var terms = new List<string>();
        terms.Add("(ou=" + unit + ")");
        // ruleid: S007
        searcher.Filter = "(|" + string.Join("", terms) + ")";
        var attrs = new Dictionary<string, string>();
        attrs["title"] = title;
        // ruleid: S007
        searcher.Filter = "(title=" + attrs["title"] + ")";
        var filter = new StringBuilder("(&(objectClass=person)");
        filter.Append("(department=");
        filter.Append(Request.Form["dept"]);
        filter.Append("))");
        // ruleid: S007
        searcher.Filter = filter.ToString();
        string name = Request.Form["name"];
        name = "admin";
        // ok: S007
        searcher.Filter = "(uid=" + name + ")";
        if (false)
        {
            // ok: S007
            searcher.Filter = "(uid=" + unit + ")";
        }
        if (LegacyLookup)
        {
            // ok: S007
            searcher.Filter = "(cn=" + Request.Form["cn"] + ")";
        }
        var legacy = false;
        if (legacy)
        {
            // ok: S007
            new DirectorySearcher("(sn=" + title + ")");
        }
        return Ok(searcher.FindAll().Count);
    }
}
