package main

import (
	"crypto"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

func fingerprint(data []byte) string {
	// ruleid: S020
	h := md5.New()
	h.Write(data)
	// ruleid: S020
	sum := sha1.Sum(data)
	// ruleid: S020
	fmt.Printf("%x", md5.Sum(data))
	// ruleid: S020
	hasher := crypto.SHA1.New()
	_ = hasher
	return hex.EncodeToString(sum[:])
}

func sign(key *rsa.PrivateKey, digest []byte) ([]byte, error) {
	// ruleid: S020
	return rsa.SignPKCS1v15(nil, key, crypto.SHA1, digest)
}

func fine(data []byte) string {
	// ok: S020
	h := sha256.New()
	// ok: S020
	sum := sha256.Sum256(data)
	// ok: S020
	s := "md5.New() is weak" // md5.Sum(data)
	// ok: S020
	hasher := crypto.SHA256.New()
	_, _, _ = h, s, hasher
	return hex.EncodeToString(sum[:])
}
