package check

const maxRetries = 7

const day = 24 * 3600

func Check(password string, retries int, items []int) bool {
	// ruleid: R002
	if len(password) < 12 {
		return false
	}
	// ok: R002
	if retries > maxRetries {
		return false
	}
	// ok: R002
	first := items[len(items)-3]
	// ok: R002
	return retries == -1 || first&0xFF != 0
}
