package size

func SameSize(a, b []int) bool {
	// ruleid: R003
	if len(a) == len(b) {
		return true
	} else {
		return false
	}
}

func Other(a []int) bool {
	// ok: R003
	if n := len(a); n == 0 {
		return true
	} else {
		return false
	}
}
