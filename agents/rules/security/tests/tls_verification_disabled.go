package main

import (
	"crypto/tls"
	"net/http"
)

func client() *http.Client {
	tr := &http.Transport{
		// ruleid: S023
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true},
	}
	cfg := &tls.Config{
		// ruleid: S023
		InsecureSkipVerify: true,
	}
	// ruleid: S023
	cfg.InsecureSkipVerify = true
	return &http.Client{Transport: tr}
}

func fine(insecure bool) *tls.Config {
	// ok: S023
	a := &tls.Config{InsecureSkipVerify: false, MinVersion: tls.VersionTLS12}
	// ok: S023
	a.InsecureSkipVerify = insecure
	// ok: S023
	s := "InsecureSkipVerify: true"
	_ = s
	return a
}
