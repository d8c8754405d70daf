package users

type User struct {
	Name string
	Age  int
}

func (u *User) Rename(name string) {
	// ruleid: B014
	name = name
	// ruleid: B014
	u.Age = u.Age
	// ok: B014
	u.Name = name
}

func spawn(items []int) {
	for _, it := range items {
		// ok: B014
		it := it
		go func() { use(it) }()
	}
	a, b := 1, 2
	// ok: B014
	a, b = b, a
	// ruleid: B014
	a, b = a, b
	use(a + b)
}
