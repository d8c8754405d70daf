package main

import (
	"io/ioutil"
	"os"
	"path/filepath"
)

// ruleid: S032
const lockFile = "/tmp/app.lock"

func write(data []byte) error {
	// ruleid: S032
	if err := os.WriteFile("/tmp/report.csv", data, 0o644); err != nil {
		return err
	}
	// ruleid: S032
	f, err := os.Create(`/var/tmp/upload.bin`)
	if err != nil {
		return err
	}
	defer f.Close()
	// ruleid: S032
	_ = ioutil.WriteFile("/dev/shm/state", data, 0o600)
	// ruleid: S032
	p := filepath.Join(os.TempDir(), "app.pid")
	_ = p
	return nil
}

func fine(data []byte) error {
	// ok: S032
	f, err := os.CreateTemp("", "report-*.csv")
	if err != nil {
		return err
	}
	defer f.Close()
	// ok: S032
	dir, err := os.MkdirTemp("/tmp/app", "run-")
	// ok: S032
	_ = os.WriteFile(filepath.Join(dir, "report.csv"), data, 0o600)
	// ok: S032
	_, err = os.ReadFile("/etc/hosts")
	return err
}
