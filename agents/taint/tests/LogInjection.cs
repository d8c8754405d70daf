using System.Collections.Generic;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

[ApiController]
[Route("api/account")]
public class LoginController : ControllerBase
{
    private const bool AuditRaw = false;
    private readonly ILogger<LoginController> _logger;

    public LoginController(ILogger<LoginController> logger)
    {
        _logger = logger;
    }

    private void Audit(string action, string who)
    {
        // ruleid: S010
        _logger.LogWarning("audit: " + action + " by " + who);
    }

    private void AuditClean(string action, string who)
    {
        var clean = who.Replace("\r", "").Replace("\n", "");
        // ok: S010
        _logger.LogWarning("audit: {Action} by {Who}", action, clean);
    }

    private string Describe(string user)
    {
        return "user=" + user;
    }

    [HttpPost("login")]
    public IActionResult Login([FromForm] string user, [FromForm] int uid)
    {
        // ruleid: S010
        _logger.LogInformation("login failed for " + user);
        // ruleid: S010
        _logger.LogWarning("login failed for {User}", user);
        // ruleid: S010
        _logger.LogError($"bad password for {Request.Form["user"]}");
        // ruleid: S010
        _logger.LogInformation("agent: " + Request.Headers["User-Agent"]);
        // ruleid: S010
        _logger.LogDebug(Describe(user));
        Audit("login", user);
        AuditClean("login", user);
        var clean = user.Replace("\r", "\\r").Replace("\n", "\\n");
        // ok: S010
        _logger.LogInformation("login failed for {User}", clean);
        // ok: S010
        _logger.LogInformation("login failed for uid {Uid}", uid);
        // ok: S010
        _logger.LogInformation("login endpoint called");
        return Unauthorized();
    }

    [HttpPost("batch")]
    public IActionResult Batch([FromBody] string[] items, [FromQuery] string tenant)
    {
        var names = new List<string>();
        foreach (var item in items)
        {
            names.Add(item);
        }
        // ruleid: S010
        _logger.LogInformation("importing " + string.Join(", ", names));
        var ctx = new Dictionary<string, string>();
        ctx["tenant"] = tenant;
        // ruleid: S010
        _logger.LogInformation("tenant {Tenant}", ctx["tenant"]);
        var line = new StringBuilder("forwarded:");
        line.Append(Request.Headers["X-Forwarded-For"]);
        // ruleid: S010
        _logger.LogDebug(line.ToString());
        return Accepted();
    }

    [HttpGet("health")]
    public IActionResult Health([FromQuery] string probe)
    {
        probe = "internal";
        // ok: S010
        _logger.LogDebug("health probe from {Probe}", probe);
        if (false)
        {
            // ok: S010
            _logger.LogDebug("raw query: " + Request.QueryString);
        }
        if (AuditRaw)
        {
            // ok: S010
            _logger.LogInformation("raw path: {Path}", Request.Path);
        }
        var verbose = false;
        if (verbose)
        {
            // ok: S010
            _logger.LogInformation("headers: " + Request.Headers["Cookie"]);
        }
        return Ok("up");
    }
}
