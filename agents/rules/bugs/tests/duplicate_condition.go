package dispatch

func run(kind string, f func() error, g func() error) int {
	if kind == "file" {
		return 1
	} else if kind == "dir" {
		return 2
	// ruleid: B006
	} else if kind == "file" {
		return 3
	}
	if err := f(); err != nil {
		return 4
	// ok: B006
	} else if err := g(); err != nil {
		return 5
	}
	n := len(kind)
	if n == 0 {
		return 6
	} else if n == 1 {
		return 7
	} else if n == 2 {
		return 8
	// ruleid: B006
	} else if n == 0 {
		return 9
	// ok: B006
	} else if n == 3 {
		return 10
	}
	return 0
}
