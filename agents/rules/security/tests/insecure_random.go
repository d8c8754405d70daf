package main

import (
	crand "crypto/rand"
	"fmt"
	"math/big"
	"math/rand"
	"time"
)

func token() string {
	// ruleid: S022
	n := rand.Intn(1000000)
	// ruleid: S022
	f := rand.Float64()
	// ruleid: S022
	p := rand.Perm(10)
	// ruleid: S022
	r := rand.New(rand.NewSource(time.Now().UnixNano()))
	// ruleid: S022
	i := rand.Int()
	return fmt.Sprint(n, f, p, r.Intn(5), i)
}

func fine() string {
	b := make([]byte, 32)
	// ok: S022
	_, _ = crand.Read(b)
	// ok: S022
	v, _ := crand.Int(crand.Reader, big.NewInt(100))
	// ok: S022
	x := big.NewInt(5).Int64()
	// ok: S022
	s := "rand.Intn(10)"
	return fmt.Sprint(b, v, x, s)
}
