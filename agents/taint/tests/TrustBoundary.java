import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

public class TrustBoundary extends HttpServlet {
    private static final boolean TRUST_CLIENT = false;

    private void remember(HttpServletRequest request, String value) {
        // ruleid: S011
        request.getSession().setAttribute("referrer", value);
    }

    private void rememberCount(HttpServletRequest request, String count) {
        // ok: S011
        request.getSession().setAttribute("perRow", Integer.parseInt(count));
    }

    private String displayName(String first, String last) {
        return first + " " + last;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
        HttpSession session = request.getSession();
        // ruleid: S011
        session.setAttribute("role", request.getParameter("role"));
        String lang = request.getParameter("lang");
        // ruleid: S011
        session.setAttribute("locale", lang + "_" + request.getParameter("region"));
        // ruleid: S011
        request.getSession().setAttribute("greeting", String.format("Hello %s", request.getParameter("name")));
        // ruleid: S011
        session.setAttribute("display", displayName(request.getParameter("first"), request.getParameter("last")));
        remember(request, request.getHeader("Referer"));
        rememberCount(request, request.getParameter("perRow"));
        // ok: S011
        session.setAttribute("pageSize", Integer.parseInt(request.getParameter("pageSize")));
        // ok: S011
        session.setAttribute("visited", Boolean.TRUE);
        // ok: S011
        session.setAttribute("flash", "Preferences saved");
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws Exception {
        HttpSession session = request.getSession();
        List<String> items = new ArrayList<>();
        items.add(request.getParameter("sku"));
        // ruleid: S011
        session.setAttribute("cart", items);
        Map<String, String> meta = new HashMap<>();
        meta.put("coupon", request.getParameter("coupon"));
        // ruleid: S011
        session.setAttribute("coupon", meta.get("coupon"));
        String user = request.getParameter("user");
        user = "guest";
        // ok: S011
        session.setAttribute("user", user);
        if (false) {
            // ok: S011
            session.setAttribute("admin", request.getParameter("admin"));
        }
        if (TRUST_CLIENT) {
            // ok: S011
            session.setAttribute("role", request.getParameter("role"));
        }
        boolean debug = false;
        if (debug) {
            // ok: S011
            request.getSession().setAttribute("debugUser", request.getParameter("as"));
        }
    }
}

@Controller
class ProfileController {
    @PostMapping("/profile/theme")
    String theme(@RequestParam String theme, @RequestParam int fontSize, HttpSession session) {
        // ruleid: S011
        session.setAttribute("theme", theme);
        // ok: S011
        session.setAttribute("fontSize", fontSize);
        return "redirect:/profile";
    }
}
