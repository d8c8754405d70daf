using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.CodeAnalysis.CSharp.Scripting;

public class RulesController : Controller
{
    private const bool Sandbox = false;

    private Task<object> Calculate(string expression)
    {
        // ruleid: S003
        return CSharpScript.EvaluateAsync(expression);
    }

    private Task<object> Constant(string ignored)
    {
        // ok: S003
        return CSharpScript.EvaluateAsync("6 * 7");
    }

    private string Wrap(string body)
    {
        return "return " + body + ";";
    }

    public async Task<IActionResult> Eval(string expr)
    {
        // ruleid: S003
        var result = await CSharpScript.EvaluateAsync(expr);
        // ruleid: S003
        var total = await CSharpScript.EvaluateAsync("1 + " + Request.Query["total"]);
        // ruleid: S003
        var wrapped = await CSharpScript.RunAsync(Wrap(Request.Query["body"]));
        // ruleid: S003
        var formatted = await CSharpScript.EvaluateAsync(string.Format("System.Math.Max({0}, 1)", Request.Query["x"]));
        await Calculate(Request.Query["q"]);
        await Constant(expr);
        // ok: S003
        var limit = await CSharpScript.EvaluateAsync("1 + " + int.Parse(Request.Query["n"]));
        // ok: S003
        var fixedValue = await CSharpScript.EvaluateAsync("System.DateTime.Now.Year");
        return Ok(new { result, total, wrapped, formatted, limit, fixedValue });
    }

    [HttpPost]
    public async Task<IActionResult> Plugins([FromForm] string rule, [FromForm] string hook)
    {
        var snippets = new List<string>();
        snippets.Add(rule);
        // ruleid: S003
        await CSharpScript.RunAsync(string.Join("\n", snippets));
        var hooks = new Dictionary<string, string>();
        hooks["onSave"] = hook;
        // ruleid: S003
        await CSharpScript.EvaluateAsync(hooks["onSave"]);
        var script = new StringBuilder("var user = \"");
        script.Append(Request.Form["user"]);
        script.Append("\";");
        // ruleid: S003
        await CSharpScript.RunAsync(script.ToString());
        string code = Request.Form["code"];
        code = "System.Environment.TickCount";
        // ok: S003
        await CSharpScript.EvaluateAsync(code);
        if (false)
        {
            // ok: S003
            await CSharpScript.EvaluateAsync(rule);
        }
        if (Sandbox)
        {
            // ok: S003
            await CSharpScript.RunAsync(Request.Form["script"]);
        }
        var enabled = false;
        if (enabled)
        {
            // ok: S003
            await CSharpScript.EvaluateAsync("Print(" + hook + ")");
        }
        return Ok();
    }
}
