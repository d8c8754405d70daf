package checkout

import "math"

func pay(total float64) float64 {
	// ruleid: B009
	if total == 0.3 {
		return total * 0.9
	}
	// ruleid: B009
	if total != 1e-6 {
		return 0
	}
	// ok: B009
	if total == 0.0 || total == 100.0 || total == 0.5 {
		return 1
	}
	// ok: B009
	if math.Abs(total-0.3) < 1e-9 {
		return 2
	}
	return total
}
