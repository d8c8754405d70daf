package files

import (
	"bufio"
	"os"
	"sync"
)

func countLines(paths []string) int {
	n := 0
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		// ruleid: B050
		defer f.Close()
		s := bufio.NewScanner(f)
		for s.Scan() {
			n++
		}
	}
	return n
}

func bump(mu *sync.Mutex, counts map[string]int, keys []string) {
	for _, k := range keys {
		mu.Lock()
		if counts != nil {
			// ruleid: B050
			defer mu.Unlock()
		}
		counts[k]++
	}
}

func countLinesOk(paths []string) int {
	n := 0
	for _, p := range paths {
		func() {
			f, err := os.Open(p)
			if err != nil {
				return
			}
			// ok: B050
			defer f.Close()
			s := bufio.NewScanner(f)
			for s.Scan() {
				n++
			}
		}()
	}
	return n
}

func firstReadable(paths []string) (*bufio.Reader, error) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		// ok: B050
		defer f.Close()
		return bufio.NewReader(f), nil
	}
	return nil, os.ErrNotExist
}
