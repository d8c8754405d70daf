import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

public class OpenRedirect extends HttpServlet {
    private static final boolean FOLLOW_NEXT = false;

    private void goBack(HttpServletResponse response, String target) throws Exception {
        // ruleid: S009
        response.sendRedirect(target);
    }

    private void goHome(HttpServletResponse response, String ignored) throws Exception {
        // ok: S009
        response.sendRedirect("/home");
    }

    private String loginUrl(String next) {
        return "/login?next=" + next;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
        String next = request.getParameter("next");
        // ruleid: S009
        response.sendRedirect(next);
        // ruleid: S009
        response.sendRedirect("https://" + request.getParameter("host") + "/welcome");
        // ruleid: S009
        response.setHeader("Location", String.format("%s/dashboard", request.getParameter("base")));
        goBack(response, request.getHeader("Referer"));
        goHome(response, next);
        // ok: S009
        response.sendRedirect("/search?q=" + URLEncoder.encode(request.getParameter("q"), StandardCharsets.UTF_8));
        // ok: S009
        response.sendRedirect("/account/" + Integer.parseInt(request.getParameter("id")));
        // ok: S009
        response.sendRedirect("/");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
        List<String> stack = new ArrayList<>();
        stack.add(request.getParameter("to"));
        // ruleid: S009
        response.sendRedirect(stack.get(stack.size() - 1));
        Map<String, String> params = new HashMap<>();
        params.put("next", request.getParameter("next"));
        // ruleid: S009
        response.sendRedirect(loginUrl(params.get("next")));
        String target = request.getParameter("next");
        target = "/";
        // ok: S009
        response.sendRedirect(target);
        if (false) {
            // ok: S009
            response.sendRedirect(request.getParameter("next"));
        }
        if (FOLLOW_NEXT) {
            // ok: S009
            response.sendRedirect(request.getParameter("continue"));
        }
        boolean external = false;
        if (external) {
            // ok: S009
            response.setHeader("Location", request.getParameter("url"));
        }
    }
}

@Controller
class LoginController {
    @GetMapping("/login/done")
    RedirectView done(@RequestParam String next) {
        // ruleid: S009
        return new RedirectView(next);
    }

    @GetMapping("/logout/done")
    String logout(@RequestParam String returnTo) {
        // ruleid: S009
        return "redirect:" + returnTo;
    }

    @GetMapping("/login/form")
    ModelAndView form(@RequestParam String next) {
        // ruleid: S009
        ModelAndView redirect = new ModelAndView("redirect:" + next);
        // ok: S009
        return new ModelAndView("redirect:/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
    }

    @GetMapping("/home")
    String home(@RequestParam String tab) {
        // ok: S009
        return "redirect:/home";
    }
}
