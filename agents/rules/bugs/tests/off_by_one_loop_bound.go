package totals

func total(prices []int) int {
	sum := 0
	// ruleid: B012
	for i := 0; i <= len(prices); i++ {
		sum += prices[i]
	}
	// ok: B012
	for i := 0; i < len(prices); i++ {
		sum += prices[i]
	}
	// ok: B012
	for i := 0; i <= len(prices); i++ {
		sum += partial(prices[:i])
	}
	// ok: B012
	for i := 1; i <= len(prices); i++ {
		sum += prices[i-1]
	}
	return sum
}
