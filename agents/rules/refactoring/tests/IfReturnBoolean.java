class IfReturnBoolean {
    boolean sameSize(java.util.List<?> a, java.util.List<?> b) {
        // ruleid: R003
        if (a.size() == b.size()) {
            return true;
        } else {
            return false;
        }
    }

    boolean other(java.util.List<?> a) {
        // ok: R003
        if (a.isEmpty()) {
            return true;
        }
        return false;
    }
}
