import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.xml.namespace.QName;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathFactory;
import org.owasp.esapi.ESAPI;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

public class XpathInjection extends HttpServlet {
    private static final boolean ADMIN_QUERIES = false;
    private Document doc;
    private final XPath xpath = XPathFactory.newInstance().newXPath();

    private NodeList usersNamed(String name) throws Exception {
        // ruleid: S008
        return (NodeList) xpath.evaluate("//user[name='" + name + "']", doc, XPathConstants.NODESET);
    }

    private NodeList usersWithRole(String role) throws Exception {
        xpath.setXPathVariableResolver((QName v) -> role);
        // ok: S008
        return (NodeList) xpath.evaluate("//user[role=$role]", doc, XPathConstants.NODESET);
    }

    private String byEmail(String email) {
        return String.format("//user[email='%s']", email);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
        String name = request.getParameter("name");
        // ruleid: S008
        String email = xpath.evaluate("//user[name='" + name + "']/email/text()", doc);
        // ruleid: S008
        // ok: S003
        XPathExpression byId = xpath.compile("//user[@id='" + request.getParameter("id") + "']");
        // ruleid: S008
        Object mail = xpath.evaluate(byEmail(request.getParameter("email")), doc, XPathConstants.NODE);
        usersNamed(request.getParameter("who"));
        usersWithRole(request.getParameter("role"));
        // ok: S008
        String safe = xpath.evaluate("//user[name='" + ESAPI.encoder().encodeForXPath(name) + "']/email", doc);
        // ok: S008
        Object numbered = xpath.evaluate("//user[" + Integer.parseInt(request.getParameter("n")) + "]", doc, XPathConstants.NODE);
        // ok: S008
        Object everyone = xpath.evaluate("//user/name/text()", doc, XPathConstants.NODESET);
        response.getWriter().println(email.length() + safe.length());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
        List<String> conditions = new ArrayList<>();
        conditions.add("city='" + request.getParameter("city") + "'");
        // ruleid: S008
        xpath.evaluate("//user[" + String.join(" and ", conditions) + "]", doc, XPathConstants.NODESET);
        Map<String, String> fields = new HashMap<>();
        fields.put("dept", request.getParameter("dept"));
        // ruleid: S008
        // ok: S003
        xpath.compile("//user[dept='" + fields.get("dept") + "']");
        String dept = request.getParameter("dept");
        dept = "sales";
        // ok: S008
        xpath.evaluate("//user[dept='" + dept + "']", doc, XPathConstants.NODESET);
        if (false) {
            // ok: S008
            xpath.evaluate("//user[name='" + request.getParameter("name") + "']", doc);
        }
        if (ADMIN_QUERIES) {
            // ok: S008
            xpath.evaluate(request.getParameter("query"), doc);
        }
        boolean audit = false;
        if (audit) {
            // ok: S008
            xpath.compile("//log[user='" + request.getParameter("user") + "']");
        }
    }
}
