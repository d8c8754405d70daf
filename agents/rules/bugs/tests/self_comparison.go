package same

func Same(a, b int) bool {
	// ruleid: B003
	if a == a {
		return true
	}
	// ok: B003
	return a == b
}
