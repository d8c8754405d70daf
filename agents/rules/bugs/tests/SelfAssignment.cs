class User
{
    private string name;
    private int age;

    public User(string name, int age)
    {
        // ruleid: B014
        name = name;
        // ruleid: B014
        this.age = this.age;
        // ok: B014
        this.name = name;
    }

    void Grow(int years)
    {
        // ok: B014
        age = age + years;
        // ok: B014
        age += age;
    }
}
