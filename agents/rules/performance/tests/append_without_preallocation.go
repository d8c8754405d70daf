package users

type User struct{ Name string }

func Names(users []User, ch chan User) []string {
	var names []string
	// ruleid: P007
	for _, u := range users {
		names = append(names, u.Name)
	}
	ids := []int{}
	// ruleid: P007
	for i := 0; i < len(users); i++ {
		ids = append(ids, i)
	}
	short := make([]string, 0)
	// ok: P007
	for _, u := range users {
		if u.Name == "" {
			continue
		}
		short = append(short, u.Name)
	}
	sized := make([]string, 0, len(users))
	// ok: P007
	for _, u := range users {
		sized = append(sized, u.Name)
	}
	var all []string
	// ok: P007
	for _, u := range users {
		all = append(all, names...)
		_ = u
	}
	return append(append(names, short...), sized...)
}

type node struct{ next *node }

func Walk(head *node) []*node {
	var out []*node
	// ok: P007
	for n := head; n != nil; n = n.next {
		out = append(out, n)
	}
	return out
}
