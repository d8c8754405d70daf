import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;

public class Ssrf extends HttpServlet {
    private static final boolean USE_PROXY = false;
    private final HttpClient client = HttpClient.newHttpClient();

    private InputStream fetch(String url) throws Exception {
        // ruleid: S006
        return new URL(url).openStream();
    }

    private InputStream status(String ignored) throws Exception {
        // ok: S006
        return new URL("https://status.example.com/api/v2/status.json").openStream();
    }

    private String avatarUrl(String user) {
        return "https://" + user + "/avatar.png";
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
        String url = request.getParameter("url");
        // ruleid: S006
        HttpURLConnection conn = (HttpURLConnection) new URL(url).openConnection();
        // ruleid: S006
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + request.getParameter("host") + "/health")).build();
        // ruleid: S006
        InputStream img = new URL(avatarUrl(request.getParameter("user"))).openStream();
        fetch(request.getParameter("feed"));
        status(url);
        // ok: S006
        HttpRequest byId = HttpRequest.newBuilder(URI.create("https://api.example.com/users/" + Integer.parseInt(request.getParameter("id")))).build();
        // ok: S006
        HttpRequest byName = HttpRequest.newBuilder(URI.create("https://api.example.com/users/" + URLEncoder.encode(request.getParameter("name"), StandardCharsets.UTF_8))).build();
        // ok: S006
        HttpRequest fixed = HttpRequest.newBuilder(URI.create("https://api.example.com/ping")).build();
        client.send(req, HttpResponse.BodyHandlers.ofString());
        conn.disconnect();
        img.close();
        client.send(byId, HttpResponse.BodyHandlers.discarding());
        client.send(fixed, HttpResponse.BodyHandlers.discarding());
        client.send(byName, HttpResponse.BodyHandlers.discarding());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
        List<String> targets = new ArrayList<>();
        targets.add(request.getParameter("callback"));
        for (String target : targets) {
            // ruleid: S006
            new URL(target).openConnection().connect();
        }
        Map<String, String> endpoints = new HashMap<>();
        endpoints.put("notify", request.getParameter("notify"));
        // ruleid: S006
        HttpRequest notify = HttpRequest.newBuilder().uri(URI.create(endpoints.get("notify"))).build();
        String source = request.getParameter("source");
        source = "https://mirror.example.com/index.json";
        // ok: S006
        new URL(source).openStream().close();
        if (false) {
            // ok: S006
            new URL(request.getParameter("url")).openStream();
        }
        if (USE_PROXY) {
            // ok: S006
            URI.create(request.getParameter("proxy"));
        }
        boolean remote = false;
        if (remote) {
            // ok: S006
            new URL(request.getParameter("remote")).openStream();
        }
        client.send(notify, HttpResponse.BodyHandlers.discarding());
    }
}

@RestController
class ProxyController {
    private final RestTemplate rest = new RestTemplate();

    @GetMapping("/proxy")
    String proxy(@RequestParam String target, @RequestParam String q) {
        // ruleid: S006
        String body = rest.getForObject(target, String.class);
        // ruleid: S006
        String page = rest.getForObject(String.format("https://%s/index.html", q), String.class);
        // ok: S006
        String search = rest.getForObject("https://api.example.com/search?q={q}", String.class, q);
        return body + page + search;
    }
}
