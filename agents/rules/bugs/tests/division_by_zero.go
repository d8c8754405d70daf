package stats

func average(total, count int) int {
	// ruleid: B010
	mean := total / 0
	// ruleid: B010
	total %= 0
	// ok: B010
	if count == 0 {
		return 0
	}
	// ok: B010
	return total/count + mean + total%10
}
