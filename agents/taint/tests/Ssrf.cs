using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;

[ApiController]
[Route("api/proxy")]
public class ProxyController : ControllerBase
{
    private const bool UseProxy = false;
    private static readonly HttpClient Http = new HttpClient();

    private Task<string> Fetch(string url)
    {
        // ruleid: S006
        return Http.GetStringAsync(url);
    }

    private Task<string> Status(string ignored)
    {
        // ok: S006
        return Http.GetStringAsync("https://status.example.com/api/v2/status.json");
    }

    private string AvatarUrl(string user)
    {
        return "https://" + user + "/avatar.png";
    }

    [HttpGet("preview")]
    public async Task<IActionResult> Preview(string url)
    {
        // ruleid: S006
        var page = await Http.GetStringAsync(url);
        // ruleid: S006
        var health = await Http.GetAsync("http://" + Request.Query["host"] + "/health");
        // ruleid: S006
        var img = await Http.GetByteArrayAsync(AvatarUrl(Request.Query["user"]));
        // ruleid: S006
        var request = new HttpRequestMessage(HttpMethod.Get, $"https://{Request.Query["domain"]}/");
        await Fetch(Request.Query["feed"]);
        await Status(url);
        // ok: S006
        var user = await Http.GetStringAsync("https://api.example.com/users/" + int.Parse(Request.Query["id"]));
        // ok: S006
        var status = await Http.GetStringAsync("https://status.example.com/api/v2/status.json");
        // ok: S006
        var byName = await Http.GetStringAsync("https://api.example.com/users/" + Uri.EscapeDataString(Request.Query["name"]));
        // ruleid: S006
        await Http.SendAsync(request);
        return Ok(new { page, health.StatusCode, img.Length, user, status, byName });
    }

    [HttpPost("webhooks")]
    public async Task<IActionResult> Webhooks([FromForm] string callback, [FromForm] string notify)
    {
        var targets = new List<string>();
        targets.Add(callback);
        foreach (var target in targets)
        {
            // ruleid: S006
            await Http.PostAsync(target, new StringContent("{}"));
        }
        var endpoints = new Dictionary<string, string>();
        endpoints["notify"] = notify;
        // ruleid: S006
        var legacy = WebRequest.Create(endpoints["notify"]);
        string source = Request.Form["source"];
        source = "https://mirror.example.com/index.json";
        // ok: S006
        await Http.GetStringAsync(source);
        if (false)
        {
            // ok: S006
            await Http.GetStringAsync(callback);
        }
        if (UseProxy)
        {
            // ok: S006
            await Http.GetAsync(Request.Form["proxy"]);
        }
        var remote = false;
        if (remote)
        {
            // ok: S006
            new Uri(Request.Form["remote"]);
        }
        return Ok(legacy.RequestUri);
    }
}
