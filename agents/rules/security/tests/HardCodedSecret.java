import java.sql.Connection;
import java.sql.DriverManager;

public class HardCodedSecret {
    // ruleid: S034
    private static final String DB_PASSWORD = "Pa55w0rd!";
    // ruleid: S034
    private String apiKey = "f3c9a8e2b1d04c7a";
    // ok: S034
    private static final String PASSWORD_KEY = "app.password";
    // ok: S034
    private String password = System.getenv("DB_PASSWORD");

    Connection open(String url) throws Exception {
        // ruleid: S034
        Connection c = DriverManager.getConnection(url, "admin", "s3cr3t-value");
        // ok: S034
        Connection d = DriverManager.getConnection(url, "admin", password);
        return c;
    }

    void configure(DataSource ds, Builder builder, String input) {
        // ruleid: S034
        ds.setPassword("hunter22");
        // ruleid: S034
        builder.token("abc123def456");
        // ruleid: S034
        if (adminPassword.equals("letmein")) { return; }
        // ruleid: S034
        if ("backdoor42".equals(password)) { return; }
        // ok: S034
        String p = props.getPassword("db.password");
        // ok: S034
        ds.setPassword(System.getenv("DB_PASSWORD"));
        // ok: S034
        ds.setPasswordField("password");
    }
}
