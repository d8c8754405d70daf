package config

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
)

type Config struct{ Name string }

func load(path string) (*Config, error) {
	// ruleid: B038
	data, _ := os.ReadFile(path)
	var cfg Config
	// ruleid: B038
	json.Unmarshal(data, &cfg)
	return &cfg, nil
}

func fetch(client *http.Client, url string) ([]byte, error) {
	var req *http.Request
	// ruleid: B038
	req, _ = http.NewRequest(http.MethodGet, url, nil)
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	// ruleid: B038
	json.NewDecoder(resp.Body).Decode(&struct{}{})
	// ruleid: B038
	body, _ := io.ReadAll(resp.Body)
	return body, nil
}

func serve(addr string, h http.Handler) {
	// ruleid: B038
	http.ListenAndServe(addr, h)
}

func loadChecked(path string) (*Config, error) {
	// ok: B038
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cfg Config
	// ok: B038
	if err := json.Unmarshal(data, &cfg); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	return &cfg, nil
}

func constants(s string) int {
	// ok: B038
	req, _ := http.NewRequest("GET", "http://example.com/", nil)
	_ = req
	// ok: B038
	re, _ := regexp.Compile(`^[a-z]+$`)
	_ = re
	// ok: B038
	n, _ := strconv.Atoi(s)
	return n
}

func cleanup(f *os.File) {
	// ok: B038
	f.Close()
	// ok: B038
	os.Remove(f.Name())
}
