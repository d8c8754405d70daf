class User {
    private String name;
    private int age;

    User(String name, int age) {
        // ruleid: B014
        name = name;
        // ruleid: B014
        this.age = this.age;
        // ok: B014
        this.name = name;
    }

    void grow(int years) {
        // ok: B014
        age = age + years;
        // ok: B014
        age += age;
    }
}
