// A failing program: its panic is captured in main.trace.txt (see core/tests/traces/README.md).
package main

import "fmt"

func nth(xs []int, i int) int {
	return xs[i]
}

func sum(xs []int, n int) int {
	total := 0
	for i := 0; i <= n; i++ {
		total += nth(xs, i)
	}
	return total
}

func main() {
	fmt.Println(sum([]int{1, 2, 3}, 3))
}
