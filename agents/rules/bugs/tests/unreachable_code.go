package totals

import "fmt"

func total(items []int) int {
	sum := 0
	for _, i := range items {
		if i < 0 {
			continue
			// ruleid: B008
			sum -= i
		}
		sum += i
	}
	return sum
	// ruleid: B008
	fmt.Println("done")
}

func mustPositive(x int) int {
	if x < 0 {
		panic("negative")
		// ruleid: B008
		x = -x
	}
	// ok: B008
	return x
}

func retry(x int) int {
	goto done
	// ok: B008
done:
	return x
}

func shadow(x int) int {
	if x > 0 {
		return x
	}
	// ok: B008
	y := 2 * x
	return y
}
