package order

func Check(o *Order, ready bool) int {
	// ruleid: R005
	if o.Valid() == true {
		return 1
	}
	// ruleid: R006
	if ready == false {
		return 2
	}
	// ok: R005, R006
	if ready && o.Valid() {
		return 3
	}
	return 0
}
