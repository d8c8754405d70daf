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

func serve(ch chan int, x int) int {
	if x == 0 {
		select {}
		// ruleid: B008
		fmt.Println("never")
	}
	if x == 1 {
		for {
			x = <-ch
			if x > 10 {
				return x
			}
		}
		// ruleid: B008
		fmt.Println("never")
	}
	if x == 2 {
		{
			fmt.Println("scoped")
			return x
		}
		// ruleid: B008
		x++
	}
	if x == 3 {
		if x > 0 {
			panic("positive")
		} else {
			return 0
		}
		// ruleid: B008
		x++
	}
loop:
	goto loop
	// ruleid: B008
	return x
}

func reachable(ch chan int, x int) int {
	for {
		if x = <-ch; x > 10 {
			break
		}
	}
	// ok: B008
	fmt.Println("after the loop")
	select {
	case x = <-ch:
	}
	// ok: B008
	fmt.Println("after select")
	if x > 0 {
		return x
	} else if x < 0 {
		return -x
	}
	// ok: B008
	return 0
}

func localPanic(x int) int {
	var panic = func(int) {}
	panic(x)
	// ok: B008
	return x
}
