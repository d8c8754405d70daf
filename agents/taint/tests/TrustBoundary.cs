using System.Collections.Generic;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

public class PreferencesController : Controller
{
    private const bool TrustClient = false;

    private void Remember(string value)
    {
        // ruleid: S011
        HttpContext.Session.SetString("referrer", value);
    }

    private void RememberCount(string count)
    {
        // ok: S011
        HttpContext.Session.SetInt32("perRow", int.Parse(count));
    }

    private string DisplayName(string first, string last)
    {
        return first + " " + last;
    }

    [HttpPost]
    public IActionResult Save(string role, [FromForm] string lang)
    {
        // ruleid: S011
        HttpContext.Session.SetString("role", role);
        // ruleid: S011
        HttpContext.Session.SetString("locale", lang + "_" + Request.Form["region"]);
        // ruleid: S011
        HttpContext.Session.SetString("greeting", $"Hello {Request.Form["name"]}");
        // ruleid: S011
        HttpContext.Session.SetString("display", DisplayName(Request.Form["first"], Request.Form["last"]));
        Remember(Request.Headers["Referer"]);
        RememberCount(Request.Form["perRow"]);
        // ok: S011
        HttpContext.Session.SetInt32("pageSize", int.Parse(Request.Form["pageSize"]));
        // ok: S011
        HttpContext.Session.SetString("visited", "yes");
        // ok: S011
        HttpContext.Session.SetString("flash", "Preferences saved");
        return Ok();
    }

    [HttpPost]
    public IActionResult Cart([FromForm] string sku, [FromForm] string coupon)
    {
        var items = new List<string>();
        items.Add(sku);
        // ruleid: S011
        HttpContext.Session.SetString("cart", JsonSerializer.Serialize(items));
        var meta = new Dictionary<string, string>();
        meta["coupon"] = coupon;
        // ruleid: S011
        HttpContext.Session.SetString("coupon", meta["coupon"]);
        string user = Request.Form["user"];
        user = "guest";
        // ok: S011
        HttpContext.Session.SetString("user", user);
        if (false)
        {
            // ok: S011
            HttpContext.Session.SetString("admin", sku);
        }
        if (TrustClient)
        {
            // ok: S011
            HttpContext.Session.SetString("role", Request.Form["role"]);
        }
        var debug = false;
        if (debug)
        {
            // ok: S011
            HttpContext.Session.SetString("debugUser", coupon);
        }
        return Ok();
    }
}

public class LegacyCheckoutController : System.Web.Mvc.Controller
{
    public System.Web.Mvc.ActionResult Shipping()
    {
        // ruleid: S011
        Session["shipping"] = Request.Form["shipping"];
        // ok: S011
        Session["quantity"] = int.Parse(Request.Form["quantity"]);
        return View();
    }
}
