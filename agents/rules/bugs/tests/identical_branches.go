package view

func render(admin bool, page Page) string {
	// ruleid: B007
	if admin {
		return page.Render(true)
	} else {
		return page.Render(true)
	}
}

func last(c int) int {
	if c == 1 {
		return 1
	// ok: B007
	} else if c == 2 {
		return 2
	} else {
		return 2
	}
}

func label(admin, staff bool) string {
	// ok: B007
	if admin {
		return "admin"
	} else if staff {
		return "staff"
	} else {
		return "admin"
	}
}
