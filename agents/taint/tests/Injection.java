import java.io.File;
import java.sql.Connection;
import java.sql.Statement;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

class UserServlet {
    private static final String BASE = "SELECT * FROM users";
    private Connection conn;

    void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
        String name = request.getParameter("name");
        Statement st = conn.createStatement();
        // ruleid: S001
        st.executeQuery("SELECT * FROM users WHERE name = '" + name + "'");
        StringBuilder sb = new StringBuilder("SELECT * FROM t WHERE a = ");
        sb.append(name);
        // ruleid: S001
        st.execute(sb.toString());
        // ok: S001
        st.executeQuery(BASE + " WHERE id = 1");
        int id = Integer.parseInt(request.getParameter("id"));
        // ok: S001
        st.executeQuery("SELECT * FROM users WHERE id = " + id);
        String host = request.getParameter("host");
        // ruleid: S002
        Runtime.getRuntime().exec("ping " + host);
        host = "localhost";
        // ok: S002
        Runtime.getRuntime().exec("ping " + host);
        // ruleid: S004
        File f = new File("/data/" + request.getParameter("file"));
        // ruleid: S009
        response.sendRedirect(request.getParameter("next"));
        // ruleid: S005
        response.getWriter().println("<p>" + name + "</p>");
        // ruleid: S011
        request.getSession().setAttribute("user", name);
        lookup(name);
        StringBuilder row = new StringBuilder();
        row.append("<td>").append(request.getParameter("cell")).append("</td>");
        // ruleid: S005
        response.getWriter().println(row.toString());
    }

    private void lookup(String who) throws Exception {
        // ruleid: S001
        conn.createStatement().executeQuery("SELECT * FROM t WHERE who = '" + who + "'");
    }

    void safeHelperCall() throws Exception {
        lookup2("constant");
    }

    private void lookup2(String who) throws Exception {
        // ok: S001
        conn.prepareStatement("SELECT * FROM t WHERE who = ?");
    }
}

class Api {
    @GetMapping("/files")
    String read(@RequestParam String path, String other) throws Exception {
        boolean debug = false;
        if (debug) {
            // ok: S004
            new java.io.FileInputStream(path);
        }
        // ruleid: S004
        return new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get(path)));
    }
}

class Unzip {
    void unzip(java.util.zip.ZipInputStream zis, File dest) throws Exception {
        java.util.zip.ZipEntry entry;
        while ((entry = zis.getNextEntry()) != null) {
            // ruleid: S004
            File out = new File(dest, entry.getName());
            // ok: S004
            File fixed = new File(dest, "fixed.txt");
        }
    }
}
