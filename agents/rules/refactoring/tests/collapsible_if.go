package notify

func NotifyAll(u *User, x int) int {
	sign := 0
	// ruleid: R008
	if u != nil {
		if u.Active {
			Notify(u)
		}
	}
	// ok: R008
	if u != nil {
		if err := Notify(u); err != nil {
			return -2
		}
	}
	if x > 0 {
		sign = 1
		// ruleid: R009
	} else {
		if x < 0 {
			sign = -1
		}
	}
	return sign
}
