class BoxedPrimitiveConstructor {
    Object[] make(int n, String text) {
        // ruleid: P011
        Integer count = new Integer(n);
        // ruleid: P011
        Boolean flag = new Boolean(text);
        // ok: P011
        Integer cached = Integer.valueOf(n);
        // ok: P011
        StringBuilder sb = new StringBuilder(n);
        return new Object[] {count, flag, cached, sb};
    }
}
