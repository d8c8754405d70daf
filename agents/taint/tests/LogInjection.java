import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

public class LogInjection extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(LogInjection.class);
    private static final boolean AUDIT_RAW = false;

    private void audit(String action, String who) {
        // ruleid: S010
        log.warn("audit: " + action + " by " + who);
    }

    private void auditClean(String action, String who) {
        String clean = who.replace('\r', '_').replace('\n', '_');
        // ok: S010
        log.warn("audit: {} by {}", action, clean);
    }

    private String describe(String user) {
        return "user=" + user;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
        String user = request.getParameter("user");
        // ruleid: S010
        log.info("login failed for " + user);
        // ruleid: S010
        log.info("login failed for {}", user);
        // ruleid: S010
        log.error(String.format("bad password for %s", request.getParameter("user")));
        // ruleid: S010
        log.info("agent: " + request.getHeader("User-Agent"));
        // ruleid: S010
        log.debug(describe(request.getParameter("user")));
        audit("login", user);
        auditClean("login", request.getParameter("user"));
        String clean = user.replaceAll("[\r\n]", "_");
        // ok: S010
        log.info("login failed for {}", clean);
        // ok: S010
        log.info("login failed for uid {}", Integer.parseInt(request.getParameter("uid")));
        // ok: S010
        log.info("login endpoint called");
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws Exception {
        List<String> names = new ArrayList<>();
        for (String item : request.getParameterValues("item")) {
            names.add(item);
        }
        // ruleid: S010
        log.info("importing " + String.join(", ", names));
        Map<String, String> ctx = new HashMap<>();
        ctx.put("tenant", request.getParameter("tenant"));
        // ruleid: S010
        log.info("tenant {}", ctx.get("tenant"));
        StringBuilder line = new StringBuilder("headers:");
        line.append(request.getHeader("X-Forwarded-For"));
        // ruleid: S010
        log.debug(line.toString());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
        String probe = request.getParameter("probe");
        probe = "internal";
        // ok: S010
        log.debug("health probe from {}", probe);
        if (false) {
            // ok: S010
            log.debug("raw query: " + request.getQueryString());
        }
        if (AUDIT_RAW) {
            // ok: S010
            log.info("raw body: {}", request.getReader().readLine());
        }
        boolean verbose = false;
        if (verbose) {
            // ok: S010
            log.info("uri: " + request.getRequestURI());
        }
    }
}

@RestController
class OrderController {
    private static final Logger logger = LoggerFactory.getLogger(OrderController.class);

    @PostMapping("/orders/{id}")
    String update(@PathVariable String id, @PathVariable long version) {
        // ruleid: S010
        logger.info("updating order " + id);
        // ok: S010
        logger.info("updating order version " + version);
        return id;
    }
}
