using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Mvc;

[ApiController]
[Route("api/tools")]
public class ToolsController : ControllerBase
{
    private const bool AllowShell = false;

    private Process Archive(string name)
    {
        // ruleid: S002
        return Process.Start("tar", "czf /backups/" + name + ".tgz /srv/data");
    }

    private Process Lookup(string domain)
    {
        var psi = new ProcessStartInfo("/bin/sh");
        // ruleid: S002
        psi.Arguments = string.Format("-c \"nslookup {0}\"", domain);
        // ruleid: S002
        return Process.Start(psi);
    }

    private Process Uptime(string ignored)
    {
        // ok: S002
        return Process.Start("uptime");
    }

    [HttpGet("ping")]
    public IActionResult Ping([FromQuery] string host)
    {
        // ruleid: S002
        Process.Start("ping", "-c 1 " + host);
        // ruleid: S002
        var psi = new ProcessStartInfo("/bin/bash", $"-c \"traceroute {host}\"");
        var dig = new ProcessStartInfo();
        // ruleid: S002
        dig.FileName = Request.Query["tool"];
        Archive(Request.Query["name"]);
        Lookup(host);
        Uptime(host);
        // ok: S002
        Process.Start("ping", "-c " + int.Parse(Request.Query["count"]) + " localhost");
        // ok: S002
        Process.Start("ping", "-c 1 localhost");
        // ok: S002
        dig.Arguments = "+short example.org";
        return Ok(psi.Arguments);
    }

    [HttpPost("convert")]
    public IActionResult Convert([FromForm] string src, [FromForm] string quality)
    {
        var argv = new List<string>();
        argv.Add("convert");
        argv.Add(src);
        argv.Add("out.png");
        // ruleid: S002
        Process.Start("magick", string.Join(" ", argv));
        var opts = new Dictionary<string, string>();
        opts["quality"] = quality;
        // ruleid: S002
        Process.Start("convert", "-quality " + opts["quality"] + " in.png out.jpg");
        var cmd = new StringBuilder("-r /tmp/export.zip ");
        cmd.Append(Request.Form["folder"]);
        // ruleid: S002
        Process.Start("zip", cmd.ToString());
        string target = Request.Query["dir"];
        target = "/tmp/uploads";
        // ok: S002
        Process.Start("rm", "-rf " + target);
        if (false)
        {
            // ok: S002
            Process.Start("rm", "-rf " + src);
        }
        if (AllowShell)
        {
            // ok: S002
            Process.Start("/bin/sh", "-c " + Request.Form["cmd"]);
        }
        var dryRun = false;
        if (dryRun)
        {
            // ok: S002
            Process.Start(new ProcessStartInfo("/bin/sh", "-c " + quality));
        }
        return Ok();
    }
}

public static class Cli
{
    public static void Main(string[] args)
    {
        var pattern = Console.ReadLine();
        // ruleid: S002
        Process.Start("grep", "-r " + pattern + " /var/log");
        // ruleid: S002
        Process.Start("wc", "-l " + args[0]);
    }
}
