package main

import "crypto/tls"

func config() *tls.Config {
	cfg := &tls.Config{
		// ruleid: S024
		MinVersion: tls.VersionTLS10,
	}
	// ruleid: S024
	cfg.MinVersion = tls.VersionSSL30
	// ruleid: S024
	legacy := &tls.Config{MaxVersion: tls.VersionTLS11}
	_ = legacy
	return cfg
}

func fine(state tls.ConnectionState) *tls.Config {
	// ok: S024
	if state.Version == tls.VersionTLS10 {
		return nil
	}
	switch state.Version {
	// ok: S024
	case tls.VersionTLS11:
		return nil
	}
	// ok: S024
	return &tls.Config{MinVersion: tls.VersionTLS12}
}
