class ComplexBooleanExpression {
    boolean allowed(User user, Doc doc, long now) {
        // ruleid: R001
        if (user != null && user.active && !user.locked && (user.admin || doc.owner == user.id)) {
            return true;
        }
        // ok: R001
        if (user != null && user.active && !user.locked) {
            return true;
        }
        // ruleid: R001
        return doc.shared || doc.owner == user.id || user.admin || now < doc.expiry || doc.open;
    }
}
