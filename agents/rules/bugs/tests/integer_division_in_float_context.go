package progress

func percent(done, total int) float64 {
	// ruleid: B047
	return float64(done/total) * 100
}

func average(xs []int, sum int) float32 {
	// ruleid: B047
	return float32(sum / len(xs))
}

func percentOk(done, total int, x float64) float64 {
	// ok: B047
	a := float64(done) / float64(total) * 100
	// ok: B047
	b := float64(done*100) / float64(total)
	// ok: B047
	c := int(x / 2)
	// ok: B047
	d := float64(done / 2)
	// ruleid: B047
	e := float64(1 / 3)
	return a + b + float64(c) + d + e
}
