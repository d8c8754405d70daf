using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

public class InsecureCookieController : Controller
{
    public IActionResult Login(string token)
    {
        // ruleid: S033
        Response.Cookies.Append("session", token, new CookieOptions { HttpOnly = true });
        var options = new CookieOptions
        {
            HttpOnly = true,
            // ruleid: S033
            Secure = false
        };
        Response.Cookies.Append("session", token, options);
        // ok: S033
        Response.Cookies.Append("session", token, new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Lax });
        return Ok();
    }

    public IActionResult Later(string token)
    {
        // ok: S033
        var options = new CookieOptions();
        options.Secure = Request.IsHttps;
        options.HttpOnly = true;
        Response.Cookies.Append("session", token, options);
        return Ok();
    }

    public void Legacy(System.Web.HttpResponse response, string token)
    {
        // ruleid: S033
        var cookie = new HttpCookie("session", token);
        // ruleid: S033
        cookie.HttpOnly = false;
        response.Cookies.Add(cookie);
    }

    public void Configure(CookiePolicyOptions policy, SmtpOptions smtp)
    {
        // ruleid: S033
        policy.Secure = CookieSecurePolicy.None;
        // ok: S033
        policy.MinimumSameSitePolicy = SameSiteMode.Strict;
        // ok: S033
        smtp.Secure = false;
    }
}
