import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

class Settings {
    static final String DEFAULT = "";

    String load(Path path) {
        try {
            return Files.readString(path);
        // ruleid: B031
        } catch (Exception e) {
            return DEFAULT;
        }
    }

    String loadRuntime(Path path) {
        try {
            return Files.readString(path);
        // ok: B031
        } catch (IOException e) {
            return DEFAULT;
        // ruleid: B031
        } catch (RuntimeException ex) {
            return DEFAULT;
        }
    }

    String loadWrapped(Path path) {
        try {
            return Files.readString(path);
        // ok: B031
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    String loadSpecific(Path path) {
        try {
            return Files.readString(path);
        // ok: B031
        } catch (IOException | SecurityException e) {
            return DEFAULT;
        }
    }

    String loadLogged(Path path) {
        try {
            return Files.readString(path);
        // ok: B031
        } catch (Exception e) {
            System.err.println("cannot read " + path + ": " + e);
            return DEFAULT;
        }
    }

    String loadKept(Path path, java.util.List<Exception> errors) {
        try {
            return Files.readString(path);
        // ok: B031
        } catch (Exception e) {
            errors.add(e);
            return DEFAULT;
        }
    }

    void close(AutoCloseable c) {
        try {
            c.close();
        // ok: B031
        } catch (Exception e) {
        }
    }
}
