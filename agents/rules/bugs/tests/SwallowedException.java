class Loader {
    String load(java.nio.file.Path p) {
        try {
            return java.nio.file.Files.readString(p);
        // ruleid: B001
        } catch (java.io.IOException e) {
        }
        try {
            return java.nio.file.Files.readString(p);
        // ok: B001
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
