import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.persistence.EntityManager;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

public class SqlInjection extends HttpServlet {
    private static final boolean DEBUG = false;
    private static final String BASE = "SELECT id, name FROM users";
    private Connection conn;

    private ResultSet findUser(String name) throws Exception {
        Statement st = conn.createStatement();
        // ruleid: S001
        return st.executeQuery("SELECT * FROM users WHERE name = '" + name + "'");
    }

    private ResultSet findById(String id) throws Exception {
        // ok: S001
        PreparedStatement ps = conn.prepareStatement("SELECT * FROM users WHERE id = ?");
        ps.setString(1, id);
        return ps.executeQuery();
    }

    private String orderBy(String column) {
        return " ORDER BY " + column;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
        String name = request.getParameter("name");
        Statement st = conn.createStatement();
        // ruleid: S001
        st.executeQuery("SELECT * FROM users WHERE name = '" + name + "'");
        // ruleid: S001
        st.executeQuery(String.format("SELECT * FROM users WHERE email = '%s'", request.getParameter("email")));
        StringBuilder sb = new StringBuilder("SELECT * FROM orders WHERE status = '");
        sb.append(request.getParameter("status")).append("'");
        // ruleid: S001
        st.executeQuery(sb.toString());
        // ruleid: S001
        st.executeQuery(BASE + orderBy(request.getParameter("sort")));
        findUser(request.getParameter("user"));
        findById(request.getParameter("id"));
        // ok: S001
        PreparedStatement ps = conn.prepareStatement("SELECT * FROM users WHERE name = ?");
        ps.setString(1, name);
        // ok: S001
        st.executeQuery("SELECT * FROM users WHERE id = " + Integer.parseInt(request.getParameter("uid")));
        // ok: S001
        st.executeQuery(BASE + " WHERE active = 1");
        // ok: S001
        st.executeQuery(BASE + orderBy("name"));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
        Statement st = conn.createStatement();
        List<String> clauses = new ArrayList<>();
        clauses.add("city = '" + request.getParameter("city") + "'");
        // ruleid: S001
        st.executeQuery("SELECT * FROM shops WHERE " + String.join(" AND ", clauses));
        Map<String, String> filters = new HashMap<>();
        filters.put("owner", request.getParameter("owner"));
        // ruleid: S001
        st.executeUpdate("DELETE FROM carts WHERE owner = '" + filters.get("owner") + "'");
        String table = request.getParameter("table");
        table = "events";
        // ok: S001
        st.executeQuery("SELECT * FROM " + table);
        if (false) {
            // ok: S001
            st.executeQuery("SELECT * FROM events WHERE kind = '" + request.getParameter("kind") + "'");
        }
        if (DEBUG) {
            // ok: S001
            st.executeQuery("SELECT * FROM events WHERE day = " + request.getParameter("day"));
        }
        boolean verbose = false;
        if (verbose) {
            // ok: S001
            st.execute("SELECT * FROM debug WHERE tag = '" + request.getParameter("tag") + "'");
        }
    }
}

@RestController
class ProductController {
    private JdbcTemplate jdbc;
    private EntityManager em;

    @GetMapping("/products")
    List<Map<String, Object>> search(@RequestParam String q, @RequestParam int page) {
        // ruleid: S001
        jdbc.queryForList("SELECT * FROM products WHERE title LIKE '%" + q + "%'");
        // ok: S001
        jdbc.queryForList("SELECT * FROM products LIMIT 20 OFFSET " + page * 20);
        // ok: S001
        return jdbc.queryForList("SELECT * FROM products WHERE title LIKE ?", "%" + q + "%");
    }

    @GetMapping("/products/{sku}")
    Object bySku(@PathVariable String sku) {
        // ruleid: S001
        em.createNativeQuery("SELECT * FROM products WHERE sku = '%s'".formatted(sku));
        // ok: S001
        return em.createQuery("SELECT p FROM Product p WHERE p.sku = :sku").setParameter("sku", sku);
    }
}
