// Package ledger keeps account balances; bugs planted for Conclave's end-to-end test.
package ledger

import (
	"os"
	"strings"
	"time"
)

func Normalise(name string) string {
	return strings.Replace(name, " ", "_", 0)
}

func Save(path string, data []byte) {
	os.WriteFile(path, data, 0o644)
}

func Wait() {
	time.Sleep(5)
}
