import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import javax.naming.NamingEnumeration;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.owasp.esapi.ESAPI;
import org.springframework.ldap.core.LdapTemplate;
import org.springframework.ldap.support.LdapEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

public class LdapInjection extends HttpServlet {
    private static final String BASE_DN = "ou=people,dc=example,dc=com";
    private static final boolean LEGACY_LOOKUP = false;
    private DirContext ctx;

    private NamingEnumeration<SearchResult> findMember(String group) throws Exception {
        // ruleid: S007
        return ctx.search(BASE_DN, "(memberOf=cn=" + group + ",ou=groups)", new SearchControls());
    }

    private NamingEnumeration<SearchResult> findMail(String mail) throws Exception {
        // ok: S007
        return ctx.search(BASE_DN, "(mail=" + LdapEncoder.filterEncode(mail) + ")", new SearchControls());
    }

    private String uidFilter(String uid) {
        return String.format("(&(objectClass=person)(uid=%s))", uid);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
        ctx = new InitialDirContext(new Hashtable<String, String>());
        String user = request.getParameter("user");
        SearchControls controls = new SearchControls();
        // ruleid: S007
        ctx.search(BASE_DN, "(uid=" + user + ")", controls);
        // ruleid: S007
        ctx.search(BASE_DN, uidFilter(request.getParameter("uid")), controls);
        // ruleid: S007
        ctx.lookup("uid=" + request.getParameter("dn") + "," + BASE_DN);
        findMember(request.getParameter("group"));
        findMail(request.getParameter("mail"));
        // ok: S007
        ctx.search(BASE_DN, "(uid=" + ESAPI.encoder().encodeForLDAP(user) + ")", controls);
        // ok: S007
        ctx.search(BASE_DN, "(uid={0})", new Object[] {user}, controls);
        // ok: S007
        ctx.search(BASE_DN, "(objectClass=person)", controls);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
        SearchControls controls = new SearchControls();
        List<String> terms = new ArrayList<>();
        terms.add("(ou=" + request.getParameter("unit") + ")");
        // ruleid: S007
        ctx.search(BASE_DN, "(|" + String.join("", terms) + ")", controls);
        Map<String, String> attrs = new HashMap<>();
        attrs.put("title", request.getParameter("title"));
        // ruleid: S007
        ctx.search(BASE_DN, "(title=" + attrs.get("title") + ")", controls);
        StringBuilder filter = new StringBuilder("(&(objectClass=person)");
        filter.append("(mail=");
        filter.append(request.getParameter("mail"));
        filter.append("))");
        // ruleid: S007
        ctx.search(BASE_DN, filter.toString(), controls);
        String name = request.getParameter("name");
        name = "admin";
        // ok: S007
        ctx.search(BASE_DN, "(uid=" + name + ")", controls);
        if (false) {
            // ok: S007
            ctx.search(BASE_DN, "(uid=" + request.getParameter("uid") + ")", controls);
        }
        if (LEGACY_LOOKUP) {
            // ok: S007
            ctx.search(BASE_DN, "(cn=" + request.getParameter("cn") + ")", controls);
        }
        boolean legacy = false;
        if (legacy) {
            // ok: S007
            ctx.search(BASE_DN, "(sn=" + request.getParameter("sn") + ")", controls);
        }
    }
}

@RestController
class DirectoryController {
    private LdapTemplate ldapTemplate;

    @GetMapping("/directory")
    Object find(@RequestParam String cn) {
        // ruleid: S007
        Object found = ldapTemplate.search("ou=people", "(cn=" + cn + ")", (Object attrs) -> attrs);
        // ok: S007
        Object safe = ldapTemplate.search("ou=people", "(cn=" + LdapEncoder.filterEncode(cn) + ")", (Object attrs) -> attrs);
        return String.valueOf(found) + safe;
    }
}
