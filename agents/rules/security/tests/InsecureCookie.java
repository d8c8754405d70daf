import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletResponse;
import org.springframework.http.ResponseCookie;

public class InsecureCookie {
    void plain(HttpServletResponse response, String token) {
        // ruleid: S033
        Cookie cookie = new Cookie("session", token);
        cookie.setPath("/");
        response.addCookie(cookie);
    }

    void onlyHttpOnly(HttpServletResponse response, String token) {
        // ruleid: S033
        Cookie cookie = new Cookie("session", token);
        cookie.setHttpOnly(true);
        response.addCookie(cookie);
    }

    void inline(HttpServletResponse response, String token) {
        // ruleid: S033
        response.addCookie(new Cookie("session", token));
    }

    void disabled(HttpServletResponse response, String token) {
        Cookie cookie = new Cookie("session", token);
        // ruleid: S033
        cookie.setSecure(false);
        cookie.setHttpOnly(true);
        response.addCookie(cookie);
    }

    void secure(HttpServletResponse response, String token, boolean https) {
        // ok: S033
        Cookie cookie = new Cookie("session", token);
        cookie.setSecure(https);
        cookie.setHttpOnly(true);
        response.addCookie(cookie);
    }

    String spring(String token) {
        // ruleid: S033
        ResponseCookie weak = ResponseCookie.from("session", token).path("/").build();
        // ok: S033
        ResponseCookie strong = ResponseCookie.from("session", token).secure(true).httpOnly(true).build();
        return weak.toString() + strong;
    }

    void connector(Connector connector) {
        // ok: S033
        connector.setSecure(false);
    }
}
