using System.Collections.Generic;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;

public class GreetingController : Controller
{
    private const bool RawHtml = false;

    private IActionResult Card(string title)
    {
        // ruleid: S005
        return Content("<div class='card'><h2>" + title + "</h2></div>", "text/html");
    }

    private IActionResult Footer(string ignored)
    {
        // ok: S005
        return Content("<footer>&copy; Example</footer>", "text/html");
    }

    private string Badge(string label)
    {
        return string.Format("<span class='badge'>{0}</span>", label);
    }

    public IActionResult Hello(string name)
    {
        // ruleid: S005
        var page = Content("<p>Hello " + name + "</p>", "text/html");
        // ruleid: S005
        var banner = new HtmlString($"<b>{Request.Query["banner"]}</b>");
        // ruleid: S005
        var badge = new HtmlString(Badge(Request.Query["badge"]));
        Card(Request.Query["card"]);
        Footer(name);
        // ok: S005
        var safe = Content("<p>Hello " + HtmlEncoder.Default.Encode(name) + "</p>", "text/html");
        // ok: S005
        var encoded = new HtmlString("<p>" + WebUtility.HtmlEncode(Request.Query["bio"]) + "</p>");
        // ok: S005
        var legacy = new HtmlString("<p>" + HttpUtility.HtmlEncode(Request.Query["sig"]) + "</p>");
        // ok: S005
        var fixedHtml = Content("<p>Hello, world</p>", "text/html");
        return View(new object[] { page, banner, badge, safe, encoded, legacy, fixedHtml });
    }

    [HttpPost]
    public IActionResult Comments([FromForm] string comment, [FromForm] string author)
    {
        var items = new List<string>();
        items.Add("<li>" + comment + "</li>");
        // ruleid: S005
        var list = Content("<ul>" + string.Join("", items) + "</ul>", "text/html");
        var ctx = new Dictionary<string, string>();
        ctx["author"] = author;
        // ruleid: S005
        var by = new HtmlString("<em>" + ctx["author"] + "</em>");
        var html = new StringBuilder("<table>");
        html.Append("<tr><td>");
        html.Append(Request.Form["cell"]);
        html.Append("</td></tr></table>");
        // ruleid: S005
        var table = Content(html.ToString(), "text/html");
        string body = Request.Form["body"];
        body = "<p>Preview disabled</p>";
        // ok: S005
        var preview = Content(body, "text/html");
        if (false)
        {
            // ok: S005
            Content(comment, "text/html");
        }
        if (RawHtml)
        {
            // ok: S005
            new HtmlString("<div>" + Request.Form["raw"] + "</div>");
        }
        var trusted = false;
        if (trusted)
        {
            // ok: S005
            Content(Request.Form["html"], "text/html");
        }
        return View(new object[] { list, by, table, preview });
    }
}
