import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

class QueryInLoop {
    int load(Connection conn, HttpClient client, List<Integer> ids, List<HttpRequest> requests) throws Exception {
        int n = 0;
        PreparedStatement once = conn.prepareStatement("SELECT name FROM items WHERE id = ?");
        for (int id : ids) {
            // ruleid: P004
            PreparedStatement ps = conn.prepareStatement("SELECT name FROM items WHERE id = ?");
            ps.setInt(1, id);
            // ruleid: P004
            ResultSet rs = ps.executeQuery();
            // ok: P004
            once.setInt(1, id);
            if (rs.next()) n++;
        }
        for (HttpRequest request : requests) {
            // ruleid: P004
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            n += r.body().length();
        }
        // ok: P004
        ResultSet all = once.executeQuery();
        return n;
    }
}
