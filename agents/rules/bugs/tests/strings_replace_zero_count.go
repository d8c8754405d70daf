package names

import (
	"bytes"
	"strings"
)

func slug(name string) string {
	// ruleid: B045
	return strings.Replace(name, " ", "-", 0)
}

func clean(b []byte) []byte {
	// ruleid: B045
	return bytes.Replace(b, []byte("\r"), nil, 0)
}

func slugOk(name string) string {
	// ok: B045
	a := strings.Replace(name, " ", "-", -1)
	// ok: B045
	b := strings.Replace(a, "_", "-", 1)
	// ok: B045
	return strings.ReplaceAll(b, ".", "-")
}
