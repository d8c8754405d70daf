package pump

import (
	"bufio"
	"time"
)

func pump(r *bufio.Reader, handle func(string)) {
	// ruleid: B011
	for {
		line, _ := r.ReadString('\n')
		handle(line)
	}
}

func spin(n *int) {
	// ruleid: B011
	for true {
		*n++
	}
}

func readAll(r *bufio.Reader, handle func(string)) {
	// ok: B011
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		handle(line)
	}
}

func worker(jobs chan func()) {
	// ok: B011
	for {
		job := <-jobs
		job()
	}
}

func heartbeat(beat func()) {
	// ok: B011
	for {
		beat()
		time.Sleep(time.Second)
	}
}

func bounded(n int) {
	// ok: B011
	for i := 0; i < n; i++ {
		spin(&i)
	}
}
