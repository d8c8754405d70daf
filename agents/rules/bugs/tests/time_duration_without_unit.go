package poll

import "time"

func wait(ready func() bool) {
	for !ready() {
		// ruleid: B046
		time.Sleep(100)
	}
	select {
	// ruleid: B046
	case <-time.After(30):
	}
}

func waitOk(ready func() bool) {
	for !ready() {
		// ok: B046
		time.Sleep(100 * time.Millisecond)
		// ok: B046
		time.Sleep(1)
		// ok: B046
		time.Sleep(1500000)
	}
}
