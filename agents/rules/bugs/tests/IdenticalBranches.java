class View {
    String render(User user, Page page) {
        // ruleid: B007
        if (user.isAdmin()) {
            return page.render(true);
        } else {
            return page.render(true);
        }
    }

    String label(User user) {
        // ok: B007
        if (user.isAdmin()) {
            return "admin";
        } else if (user.isStaff()) {
            return "staff";
        } else {
            return "admin";
        }
    }

    int last(int c) {
        int r;
        if (c == 1) {
            r = 1;
        // ok: B007
        } else if (c == 2) {
            r = 2;
        } else {
            r = 2;
        }
        return r;
    }

    int size(boolean wide, int n) {
        // ruleid: B007
        int w = wide ? n * 2 : n * 2;
        // ok: B007
        int h = wide ? n * 2 : n;
        return w + h;
    }
}
