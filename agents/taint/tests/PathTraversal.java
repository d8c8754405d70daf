import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.commons.io.FilenameUtils;
import org.springframework.core.io.FileSystemResource;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

public class PathTraversal extends HttpServlet {
    private static final String UPLOADS = "/srv/uploads";
    private static final boolean ALLOW_DELETE = false;

    private byte[] readReport(String name) throws Exception {
        // ruleid: S004
        return Files.readAllBytes(Paths.get("/srv/reports", name));
    }

    private byte[] readIndex(String ignored) throws Exception {
        // ok: S004
        return Files.readAllBytes(Paths.get(UPLOADS, "index.txt"));
    }

    private String reportPath(String name) {
        return "/srv/reports/" + name + ".csv";
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
        String name = request.getParameter("file");
        // ruleid: S004
        FileInputStream in = new FileInputStream(UPLOADS + "/" + name);
        // ruleid: S004
        File file = new File(UPLOADS, name);
        // ruleid: S004
        byte[] report = Files.readAllBytes(Paths.get(reportPath(request.getParameter("report"))));
        // ruleid: S004
        Path resolved = Paths.get(UPLOADS).resolve(String.format("%s.pdf", request.getParameter("doc")));
        readReport(request.getParameter("report"));
        readIndex(name);
        // ok: S004
        File safe = new File(UPLOADS, FilenameUtils.getName(name));
        // ok: S004
        Path alsoSafe = Paths.get(UPLOADS).resolve(FilenameUtils.getName(name));
        // ok: S004
        File index = new File(UPLOADS, "index.txt");
        response.setContentLength(report.length + (int) file.length() + (int) safe.length());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
        List<String> victims = new ArrayList<>();
        victims.add(request.getParameter("extra"));
        for (String victim : victims) {
            // ruleid: S004
            Files.deleteIfExists(Paths.get(victim));
        }
        Map<String, String> paths = new HashMap<>();
        paths.put("archive", request.getParameter("archive"));
        // ruleid: S004
        new File(paths.get("archive")).delete();
        StringBuilder out = new StringBuilder(UPLOADS).append('/');
        out.append(request.getParameter("name"));
        // ruleid: S004
        FileOutputStream fos = new FileOutputStream(out.toString());
        String dest = request.getParameter("dest");
        dest = UPLOADS + "/incoming";
        // ok: S004
        Files.createDirectories(Paths.get(dest));
        if (false) {
            // ok: S004
            new File(request.getParameter("old")).delete();
        }
        if (ALLOW_DELETE) {
            // ok: S004
            Files.delete(Paths.get(request.getParameter("dir")));
        }
        boolean keep = false;
        if (keep) {
            // ok: S004
            new FileOutputStream(request.getParameter("backup"));
        }
    }
}

@RestController
class FilesController {
    @GetMapping("/files/{name}")
    FileSystemResource download(@PathVariable String name) {
        // ruleid: S004
        return new FileSystemResource("/srv/files/" + name);
    }

    @GetMapping("/thumbs")
    FileSystemResource thumb(@RequestParam String name) {
        // ok: S004
        return new FileSystemResource("/srv/thumbs/" + FilenameUtils.getName(name));
    }

    @DeleteMapping("/files")
    void delete(@RequestParam String path) throws Exception {
        // ruleid: S004
        Files.delete(Path.of("/srv/files", path));
    }
}
