package reader

import (
	"errors"
	"fmt"
	"io"
)

var ErrClosed = errors.New("closed")

func check(err error) int {
	// ruleid: B004
	if err == errors.New("EOF") {
		return 1
	}
	// ruleid: B004
	if fmt.Errorf("closed: %d", 1) != err {
		return 2
	}
	// ok: B004
	if err == io.EOF || err == ErrClosed {
		return 3
	}
	// ok: B004
	if errors.Is(err, ErrClosed) == true {
		return 4
	}
	return 0
}
