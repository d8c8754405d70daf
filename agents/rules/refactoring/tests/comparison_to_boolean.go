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
	// ruleid: R006
	if false == o.Valid() {
		return 4
	}
	// ruleid: R006
	if true != ready {
		return 5
	}
	// ok: R005, R006
	if ready && o.Valid() {
		return 3
	}
	return 0
}
