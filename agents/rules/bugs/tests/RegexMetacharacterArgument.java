class Versions {
    int major(String version) {
        // ruleid: B044
        String[] parts = version.split(".");
        return Integer.parseInt(parts[0]);
    }

    String columns(String line) {
        // ruleid: B044
        return String.join(",", line.split("|"));
    }

    String mask(String s) {
        // ruleid: B044
        return s.replaceAll(".", "*").trim();
    }

    int majorOk(String version) {
        // ok: B044
        String[] parts = version.split("\\.");
        // ok: B044
        String[] fields = version.split(",");
        // ok: B044
        String dotted = version.replace(".", "_");
        return parts.length + fields.length + dotted.length();
    }
}
