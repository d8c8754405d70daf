class CollapsibleIf {
    int notifyAll(User user, int x) {
        int sign = 0;
        // ruleid: R008
        if (user != null) {
            if (user.active) {
                notify(user);
            }
        }
        // ok: R008
        if (user != null) {
            if (user.active) {
                notify(user);
            }
        } else {
            log(user);
        }
        if (x > 0) {
            sign = 1;
            // ruleid: R009
        } else {
            if (x < 0) {
                sign = -1;
            }
        }
        return sign;
    }
}
