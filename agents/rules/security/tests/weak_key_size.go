package main

import (
	"crypto/dsa"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
)

func weak() {
	// ruleid: S025
	k1, _ := rsa.GenerateKey(rand.Reader, 1024)
	// ruleid: S025
	k2, _ := rsa.GenerateMultiPrimeKey(rand.Reader, 3, 1024)
	var params dsa.Parameters
	// ruleid: S025
	_ = dsa.GenerateParameters(&params, rand.Reader, dsa.L1024N160)
	_, _ = k1, k2
}

func strong(bits int) {
	// ok: S025
	k1, _ := rsa.GenerateKey(rand.Reader, 2048)
	// ok: S025
	k2, _ := rsa.GenerateKey(rand.Reader, bits)
	var params dsa.Parameters
	// ok: S025
	_ = dsa.GenerateParameters(&params, rand.Reader, dsa.L2048N256)
	// ok: S025
	k3, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	// ok: S025
	k4, _ := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
	_, _, _, _ = k1, k2, k3, k4
}
