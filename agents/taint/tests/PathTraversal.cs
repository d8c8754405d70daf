using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

[ApiController]
[Route("files")]
public class FilesController : ControllerBase
{
    private const string Uploads = "/srv/uploads";
    private const bool AllowDelete = false;

    private byte[] ReadReport(string name)
    {
        // ruleid: S004
        return System.IO.File.ReadAllBytes(Path.Combine("/srv/reports", name));
    }

    private byte[] ReadIndex(string ignored)
    {
        // ok: S004
        return System.IO.File.ReadAllBytes(Path.Combine(Uploads, "index.txt"));
    }

    private string ReportPath(string name)
    {
        return $"/srv/reports/{name}.csv";
    }

    [HttpGet("download")]
    public IActionResult Download(string file)
    {
        // ruleid: S004
        var bytes = System.IO.File.ReadAllBytes(Path.Combine(Uploads, file));
        // ruleid: S004
        var stream = new FileStream(Uploads + "/" + file, FileMode.Open);
        // ruleid: S004
        var report = System.IO.File.ReadAllText(ReportPath(Request.Query["report"]));
        // ruleid: S004
        var text = System.IO.File.ReadAllText(string.Format("{0}/{1}.txt", Uploads, Request.Query["doc"]));
        ReadReport(Request.Query["report"]);
        ReadIndex(file);
        // ok: S004
        var safe = System.IO.File.ReadAllBytes(Path.Combine(Uploads, Path.GetFileName(file)));
        // ok: S004
        var index = System.IO.File.ReadAllText(Path.Combine(Uploads, "index.txt"));
        // ok: S004
        var exists = System.IO.File.Exists(Path.Combine(Uploads, int.Parse(Request.Query["id"]) + ".bin"));
        return File(bytes, "application/octet-stream");
    }

    [HttpDelete("{name}")]
    public IActionResult Delete(string name, [FromQuery] string extra)
    {
        var victims = new List<string>();
        victims.Add(extra);
        foreach (var victim in victims)
        {
            // ruleid: S004
            System.IO.File.Delete(victim);
        }
        var paths = new Dictionary<string, string>();
        paths["archive"] = Request.Query["archive"];
        // ruleid: S004
        Directory.Delete(paths["archive"], true);
        var sb = new StringBuilder(Uploads);
        sb.Append("/");
        sb.Append(name);
        // ruleid: S004
        System.IO.File.Delete(sb.ToString());
        // ok: S004
        System.IO.File.Delete(Path.Combine(Uploads, Path.GetFileName(name)));
        return NoContent();
    }

    [HttpPost("upload")]
    public IActionResult Upload(IFormFile upload, [FromForm] string dest)
    {
        // ruleid: S004
        using (var fs = new FileStream(Path.Combine(Uploads, upload.FileName), FileMode.Create))
        {
            upload.CopyTo(fs);
        }
        // ok: S004
        using (var ok = new FileStream(Path.Combine(Uploads, Path.GetFileName(upload.FileName)), FileMode.Create))
        {
            upload.CopyTo(ok);
        }
        dest = Path.Combine(Uploads, "incoming");
        // ok: S004
        Directory.CreateDirectory(dest);
        if (false)
        {
            // ok: S004
            System.IO.File.Delete(Request.Form["old"]);
        }
        if (AllowDelete)
        {
            // ok: S004
            Directory.Delete(Request.Form["dir"], true);
        }
        var keep = false;
        if (keep)
        {
            // ok: S004
            System.IO.File.WriteAllText(Request.Form["backup"], "");
        }
        return Ok();
    }

    [HttpGet("physical")]
    public IActionResult Physical(string name)
    {
        // ruleid: S004
        return PhysicalFile("/srv/files/" + name, "application/pdf");
    }
}
