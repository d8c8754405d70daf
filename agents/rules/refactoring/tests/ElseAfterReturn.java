class ElseAfterReturn {
    String name(User user) {
        if (user == null) {
            return null;
            // ruleid: R004
        } else {
            String name = user.name.trim();
            return name.isEmpty() ? user.email : name;
        }
    }

    int other(int x) {
        if (x > 0) {
            throw new IllegalStateException();
            // ok: R004
        } else if (x == 0) {
            return 0;
        }
        return 1;
    }
}
