import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.commons.text.StringEscapeUtils;
import org.owasp.encoder.Encode;
import org.springframework.web.util.HtmlUtils;

public class Xss extends HttpServlet {
    private static final boolean RAW_HTML = false;

    private void card(HttpServletResponse response, String title) throws Exception {
        // ruleid: S005
        response.getWriter().println("<div class='card'><h2>" + title + "</h2></div>");
    }

    private void footer(HttpServletResponse response, String ignored) throws Exception {
        // ok: S005
        response.getWriter().println("<footer>&copy; Example</footer>");
    }

    private String badge(String label) {
        return String.format("<span class='badge'>%s</span>", label);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
        String name = request.getParameter("name");
        PrintWriter out = response.getWriter();
        // ruleid: S005
        out.println("<p>Hello " + name + "</p>");
        // ruleid: S005
        response.getWriter().write("<h1>" + request.getParameter("title") + "</h1>");
        // ruleid: S005
        out.print(badge(request.getParameter("badge")));
        card(response, request.getParameter("card"));
        footer(response, name);
        // ok: S005
        out.println("<p>Hello " + Encode.forHtml(name) + "</p>");
        // ok: S005
        out.println("<p>" + StringEscapeUtils.escapeHtml4(request.getParameter("bio")) + "</p>");
        // ok: S005
        out.println("<p>" + HtmlUtils.htmlEscape(request.getParameter("sig")) + "</p>");
        // ok: S005
        out.println("<p>Hello, world</p>");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
        PrintWriter out = response.getWriter();
        List<String> items = new ArrayList<>();
        items.add("<li>" + request.getParameter("comment") + "</li>");
        // ruleid: S005
        out.println("<ul>" + String.join("", items) + "</ul>");
        Map<String, String> ctx = new HashMap<>();
        ctx.put("author", request.getParameter("author"));
        // ruleid: S005
        out.println("<em>" + ctx.get("author") + "</em>");
        StringBuilder html = new StringBuilder("<table>");
        html.append("<tr><td>");
        html.append(request.getParameter("cell"));
        html.append("</td></tr></table>");
        // ruleid: S005
        out.write(html.toString());
        String body = request.getParameter("body");
        body = "<p>Preview disabled</p>";
        // ok: S005
        out.println(body);
        if (false) {
            // ok: S005
            out.println(request.getParameter("raw"));
        }
        if (RAW_HTML) {
            // ok: S005
            out.println("<div>" + request.getParameter("raw") + "</div>");
        }
        boolean trusted = false;
        if (trusted) {
            // ok: S005
            response.getWriter().print(request.getParameter("html"));
        }
    }
}
