package scan

import "regexp"

var word = regexp.MustCompile(`[a-z]+`)

func Scan(lines []string, pattern string) int {
	n := 0
	for _, line := range lines {
		// ruleid: P002
		re := regexp.MustCompile(`\s*#`)
		// ruleid: P002
		if ok, _ := regexp.MatchString("[0-9]+", line); ok {
			n++
		}
		// ok: P002
		if word.MatchString(line) {
			n++
		}
		// ok: P002
		dyn := regexp.MustCompile(pattern)
		_, _ = re, dyn
	}
	// ok: P002
	for _, m := range regexp.MustCompile(`\d+`).FindAllString(lines[0], -1) {
		n += len(m)
	}
	return n
}
