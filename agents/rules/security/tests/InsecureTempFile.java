import java.io.*;
import java.nio.file.*;

public class InsecureTempFile {
    // ruleid: S032
    private static final String CACHE = "/tmp/app-cache.bin";

    void write(byte[] data) throws IOException {
        // ruleid: S032
        File f = new File("/tmp/report.csv");
        // ruleid: S032
        try (FileOutputStream out = new FileOutputStream("/var/tmp/upload.bin")) {
            out.write(data);
        }
        // ruleid: S032
        Path p = Paths.get("/dev/shm/state");
        // ruleid: S032
        File lock = new File(System.getProperty("java.io.tmpdir"), "app.lock");
    }

    void fine(byte[] data) throws IOException {
        // ok: S032
        File tmp = File.createTempFile("report", ".csv");
        // ok: S032
        Path tmp2 = Files.createTempFile("report", ".csv");
        // ok: S032
        File tmp3 = File.createTempFile("report", ".csv", new File("/tmp/app"));
        // ok: S032
        File etc = new File("/etc/app.conf");
        // ok: S032
        boolean inTmp = tmp.getPath().startsWith("/tmp/");
    }
}
