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

type list struct{ l []int }

func (s *list) touch(ch chan int, m map[string]int, next func() int) {
	// ruleid: B014
	s.l[0] = s.l[0]
	// ok: B014
	s.l[next()] = s.l[next()]
	// ok: B014
	s.l[<-ch] = s.l[<-ch]
	// ok: B014
	m["key"] = m["key"]
	// ok: B014
	s.l[len(s.l)-1] = s.l[len(s.l)-1]
}
