class NegatedCondition {
    void handle(User user) {
        // ruleid: R011
        if (!user.isActive()) {
            archive(user);
        } else {
            notify(user);
        }
        // ok: R011
        if (!user.isActive()) {
            archive(user);
        }
    }
}
