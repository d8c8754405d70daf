package main

import (
	"crypto/rand"
	"math/big"
	mrand "math/rand/v2"
)

func pick(max int64) (*big.Int, int) {
	b := make([]byte, 16)
	// ok: S022
	_, _ = rand.Read(b)
	// ok: S022
	n, _ := rand.Int(rand.Reader, big.NewInt(max))
	// ruleid: S022
	j := mrand.IntN(10)
	return n, j
}
