import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

public class CommandInjection extends HttpServlet {
    private static final boolean ALLOW_SHELL = false;

    private Process archive(String name) throws Exception {
        // ruleid: S002
        return Runtime.getRuntime().exec("tar czf /backups/" + name + ".tgz /srv/data");
    }

    private Process lookup(String domain) throws Exception {
        String cmd = String.format("nslookup %s", domain);
        // ruleid: S002
        return Runtime.getRuntime().exec(new String[] {"sh", "-c", cmd});
    }

    private Process uptime(String unused) throws Exception {
        // ok: S002
        return new ProcessBuilder("uptime").start();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
        String host = request.getParameter("host");
        // ruleid: S002
        Runtime.getRuntime().exec("ping -c 1 " + host);
        // ruleid: S002
        new ProcessBuilder("sh", "-c", "traceroute " + host).start();
        ProcessBuilder pb = new ProcessBuilder();
        // ruleid: S002
        pb.command("bash", "-c", "dig " + request.getParameter("domain") + " +short");
        archive(request.getParameter("name"));
        lookup(host);
        uptime(host);
        // ok: S002
        Runtime.getRuntime().exec("ping -c " + Integer.parseInt(request.getParameter("count")) + " localhost");
        // ok: S002
        Runtime.getRuntime().exec(new String[] {"ping", "-c", "1", "localhost"});
        // ok: S002
        new ProcessBuilder("ls", "-l", "/var/log").start();
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
        List<String> argv = new ArrayList<>();
        argv.add("convert");
        argv.add(request.getParameter("src"));
        argv.add("out.png");
        // ruleid: S002
        new ProcessBuilder(argv).start();
        Map<String, String> opts = new HashMap<>();
        opts.put("quality", request.getParameter("quality"));
        // ruleid: S002
        Runtime.getRuntime().exec("convert -quality " + opts.get("quality") + " in.png out.jpg");
        StringBuilder cmd = new StringBuilder("zip -r /tmp/export.zip ");
        cmd.append(request.getParameter("folder"));
        // ruleid: S002
        Runtime.getRuntime().exec(cmd.toString());
        String target = request.getParameter("dir");
        target = "/tmp/uploads";
        // ok: S002
        Runtime.getRuntime().exec("rm -rf " + target);
        if (false) {
            // ok: S002
            Runtime.getRuntime().exec("rm -rf " + request.getParameter("path"));
        }
        if (ALLOW_SHELL) {
            // ok: S002
            Runtime.getRuntime().exec(request.getParameter("cmd"));
        }
        final boolean dryRun = false;
        if (dryRun) {
            // ok: S002
            new ProcessBuilder("sh", "-c", request.getParameter("cmd")).start();
        }
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String pattern = in.readLine();
        // ruleid: S002
        Runtime.getRuntime().exec("grep -r " + pattern + " /var/log");
        // ruleid: S002
        Runtime.getRuntime().exec("wc -l " + args[0]);
    }
}

@RestController
class ToolsController {
    @PostMapping("/tools/whois")
    String whois(@RequestParam String domain) throws Exception {
        // ruleid: S002
        Process p = Runtime.getRuntime().exec("whois " + domain);
        // ok: S002
        Process fixed = new ProcessBuilder("whois", "example.org").start();
        return String.valueOf(p.waitFor() + fixed.waitFor());
    }
}
