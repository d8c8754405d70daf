using System;
using System.Collections.Generic;
using Microsoft.AspNetCore.Mvc;

public class AccountController : Controller
{
    private const bool FollowNext = false;

    private IActionResult GoBack(string target)
    {
        // ruleid: S009
        return Redirect(target);
    }

    private IActionResult GoHome(string ignored)
    {
        // ok: S009
        return Redirect("/home");
    }

    private string LoginUrl(string next)
    {
        return "/login?next=" + next;
    }

    public IActionResult Login(string returnUrl)
    {
        // ruleid: S009
        var back = Redirect(returnUrl);
        // ruleid: S009
        var welcome = Redirect("https://" + Request.Query["host"] + "/welcome");
        // ruleid: S009
        var dash = RedirectPermanent(string.Format("{0}/dashboard", Request.Query["base"]));
        GoBack(Request.Headers["Referer"]);
        GoHome(returnUrl);
        // ok: S009
        var search = Redirect("/search?q=" + Uri.EscapeDataString(Request.Query["q"]));
        // ok: S009
        var home = Redirect("/");
        // ok: S009
        var safe = LocalRedirect(returnUrl);
        return back ?? welcome ?? dash ?? search ?? home ?? safe;
    }

    [HttpPost]
    public IActionResult Bounce([FromForm] string to, [FromForm] string next)
    {
        var stack = new List<string>();
        stack.Add(to);
        // ruleid: S009
        var first = Redirect(stack[stack.Count - 1]);
        var parameters = new Dictionary<string, string>();
        parameters["next"] = next;
        // ruleid: S009
        var login = new RedirectResult(LoginUrl(parameters["next"]));
        string target = Request.Form["target"];
        target = "/";
        // ok: S009
        var root = Redirect(target);
        if (false)
        {
            // ok: S009
            Redirect(next);
        }
        if (FollowNext)
        {
            // ok: S009
            Redirect(Request.Form["continue"]);
        }
        var external = false;
        if (external)
        {
            // ok: S009
            Redirect(Request.Form["url"]);
        }
        return first ?? login ?? root;
    }
}
