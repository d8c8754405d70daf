package main

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/rc4"

	"golang.org/x/crypto/blowfish"
)

func encrypt(key []byte) {
	// ruleid: S021
	a, _ := des.NewCipher(key)
	// ruleid: S021
	b, _ := des.NewTripleDESCipher(key)
	// ruleid: S021
	c, _ := rc4.NewCipher(key)
	// ruleid: S021
	d, err := blowfish.NewCipher(key)
	_, _, _, _, _ = a, b, c, d, err
}

func fine(key []byte) {
	// ok: S021
	block, _ := aes.NewCipher(key)
	// ok: S021
	gcm, _ := cipher.NewGCM(block)
	// ok: S021
	s := "des.NewCipher(key)"
	_, _ = gcm, s
}
