import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Scanner;

class Loader {
    String firstLine(File f) throws IOException {
        // ruleid: B033
        return new BufferedReader(new FileReader(f)).readLine();
    }

    Properties props(File f) throws IOException {
        Properties p = new Properties();
        // ruleid: B033
        p.load(new FileInputStream(f));
        return p;
    }

    String token(File f) throws IOException {
        // ruleid: B033
        return new Scanner(new File(f.getPath())).next();
    }

    Statement statement(String url) throws SQLException {
        // ruleid: B033
        return DriverManager.getConnection(url).createStatement();
    }

    long countLines(java.nio.file.Path p) throws IOException {
        // ruleid: B033
        return java.nio.file.Files.lines(p).count();
    }

    long countLinesSafely(java.nio.file.Path p) throws IOException {
        // ok: B033
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(p)) {
            return lines.count();
        }
    }

    String firstLineSafely(File f) throws IOException {
        // ok: B033
        try (BufferedReader r = new BufferedReader(new FileReader(f))) {
            return r.readLine();
        }
    }

    String console() throws IOException {
        // ok: B033
        return new BufferedReader(new InputStreamReader(System.in)).readLine();
    }

    Properties fromStream(InputStream in) throws IOException {
        Properties p = new Properties();
        // ok: B033
        p.load(new InputStreamReader(in));
        return p;
    }

    java.nio.channels.FileChannel channel(File f) throws IOException {
        // ok: B033
        return new FileInputStream(f).getChannel();
    }

    Connection open(String url) throws SQLException {
        // ok: B033
        return DriverManager.getConnection(url);
    }
}
