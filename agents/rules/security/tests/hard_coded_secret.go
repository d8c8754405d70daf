package main

import "os"

// ruleid: S034
const dbPassword = "Pa55w0rd!"

// ok: S034
const passwordEnv = "DB_PASSWORD"

type Config struct {
	User     string
	Password string
}

func load() Config {
	// ruleid: S034
	apiToken := "abc123def456"
	_ = apiToken
	// ok: S034
	secret := os.Getenv("SECRET")
	_ = secret
	return Config{
		User: "app",
		// ruleid: S034
		Password: "s3cr3t-value",
	}
}

func check(password string) bool {
	// ruleid: S034
	return password == "letmein"
}

func headers() map[string]string {
	return map[string]string{
		// ok: S034
		"Authorization": "Bearer " + os.Getenv("TOKEN"),
		// ruleid: S034
		"api_key": "f3c9a8e2b1d04c7a",
	}
}
