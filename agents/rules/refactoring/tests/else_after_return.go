package name

func Name(u *User) string {
	if u == nil {
		return ""
		// ruleid: R004
	} else {
		name := strings.TrimSpace(u.Name)
		return name
	}
}

func Other(x int) int {
	if x > 0 {
		return 1
		// ok: R004
	} else if x == 0 {
		return 0
	}
	return 2
}
