class Roles {
    boolean isAdmin(String name, Integer a, Long b, Object o) {
        // ruleid: B004
        if (name == "admin") {
            return true;
        }
        // ruleid: B004
        if ("guest" != name) {
            return false;
        }
        // ruleid: B004
        boolean fresh = new String("x") == name;
        // ruleid: B004
        if ((Integer) o == Integer.valueOf(1000)) {
            return true;
        }
        // ok: B004
        if (name == null || "admin".equals(name)) {
            return false;
        }
        // ok: B004
        if (a == 1000 || a.equals(b) || o == this) {
            return false;
        }
        // ok: B004
        if ((int) a == b.intValue()) {
            return true;
        }
        // ok: B004
        return Integer.valueOf(a) == 3;
    }
}
