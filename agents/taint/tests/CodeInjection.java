import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.script.Compilable;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

public class CodeInjection extends HttpServlet {
    private static final boolean SANDBOX = false;
    private final ScriptEngine engine = new ScriptEngineManager().getEngineByName("javascript");
    private final ExpressionParser parser = new SpelExpressionParser();

    private Object calculate(String expression) throws Exception {
        // ruleid: S003
        return engine.eval(expression);
    }

    private Object constant(String ignored) throws Exception {
        // ok: S003
        return engine.eval("6 * 7");
    }

    private String wrap(String body) {
        return "(function(){ return " + body + "; })()";
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
        String expr = request.getParameter("expr");
        // ruleid: S003
        Object result = engine.eval(expr);
        // ruleid: S003
        Object total = engine.eval("var total = " + request.getParameter("formula") + "; total");
        // ruleid: S003
        Object spel = parser.parseExpression(request.getParameter("rule")).getValue();
        // ruleid: S003
        Object wrapped = engine.eval(wrap(request.getParameter("body")));
        // ruleid: S003
        ((Compilable) engine).compile(String.format("print('%s')", expr));
        calculate(request.getParameter("q"));
        constant(expr);
        // ok: S003
        Object limit = engine.eval("1 + " + Integer.parseInt(request.getParameter("n")));
        // ok: S003
        Object fixed = parser.parseExpression("T(java.lang.Math).random()").getValue();
        // ok: S003
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile("^[a-z]+$");
        response.getWriter().println(String.valueOf(result) + total + spel + wrapped + limit + fixed + pattern);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
        List<String> snippets = new ArrayList<>();
        snippets.add(request.getParameter("rule"));
        // ruleid: S003
        engine.eval(String.join("\n", snippets));
        Map<String, String> hooks = new HashMap<>();
        hooks.put("onSave", request.getParameter("hook"));
        // ruleid: S003
        engine.eval(hooks.get("onSave"));
        StringBuilder script = new StringBuilder("var user = '");
        script.append(request.getParameter("user")).append("';");
        // ruleid: S003
        engine.eval(script.toString());
        String code = request.getParameter("code");
        code = "java.lang.System.currentTimeMillis()";
        // ok: S003
        engine.eval(code);
        if (false) {
            // ok: S003
            engine.eval(request.getParameter("expr"));
        }
        if (SANDBOX) {
            // ok: S003
            parser.parseExpression(request.getParameter("spel"));
        }
        boolean enabled = false;
        if (enabled) {
            // ok: S003
            engine.eval("print(" + request.getParameter("x") + ")");
        }
    }
}

@RestController
class RulesController {
    private final ExpressionParser parser = new SpelExpressionParser();

    @GetMapping("/rules/eval")
    Object evaluate(@RequestParam String condition, @RequestParam int threshold) {
        // ruleid: S003
        Object outcome = parser.parseExpression(condition).getValue();
        // ok: S003
        Object limit = parser.parseExpression("amount > " + threshold).getValue();
        return String.valueOf(outcome) + limit;
    }
}
