package main

import (
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
)

const auditRaw = false

var logger = slog.Default()

func audit(action, who string) {
	// ruleid: S010
	log.Printf("audit: %s by %s", action, who)
}

func auditClean(action, who string) {
	clean := strings.ReplaceAll(strings.ReplaceAll(who, "\r", ""), "\n", "")
	// ok: S010
	log.Printf("audit: %s by %s", action, clean)
}

func describe(user string) string {
	return "user=" + user
}

func loginHandler(w http.ResponseWriter, r *http.Request) {
	user := r.PostFormValue("user")
	// ruleid: S010
	log.Println("login failed for " + user)
	// ruleid: S010
	log.Printf("login failed for %s", user)
	// ruleid: S010
	logger.Warn(fmt.Sprintf("bad password for %s", r.FormValue("user")))
	// ruleid: S010
	log.Print("agent: " + r.UserAgent())
	// ruleid: S010
	logger.Info(describe(r.FormValue("user")))
	audit("login", user)
	auditClean("login", r.FormValue("user"))
	clean := strings.ReplaceAll(strings.ReplaceAll(user, "\r", "\\r"), "\n", "\\n")
	// ok: S010
	log.Printf("login failed for %s", clean)
	// ok: S010
	log.Printf("login failed for %s", strconv.Quote(user))
	uid, _ := strconv.Atoi(r.FormValue("uid"))
	// ok: S010
	log.Printf("login failed for uid %d", uid)
	// ok: S010
	log.Println("login endpoint called")
	w.WriteHeader(http.StatusForbidden)
}

func batchHandler(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	names := []string{}
	for _, item := range r.Form["item"] {
		names = append(names, item)
	}
	// ruleid: S010
	log.Println("importing " + strings.Join(names, ", "))
	ctx := map[string]string{}
	ctx["tenant"] = r.FormValue("tenant")
	// ruleid: S010
	log.Printf("tenant %s", ctx["tenant"])
	var line strings.Builder
	line.WriteString("forwarded: ")
	line.WriteString(r.Header.Get("X-Forwarded-For"))
	// ruleid: S010
	log.Println(line.String())
}

func healthHandler(w http.ResponseWriter, r *http.Request) {
	probe := r.FormValue("probe")
	probe = "internal"
	// ok: S010
	log.Printf("health probe from %s", probe)
	if false {
		// ok: S010
		log.Printf("raw query: %s", r.URL.RawQuery)
	}
	if auditRaw {
		// ok: S010
		log.Printf("raw path: %s", r.URL.Path)
	}
	verbose := false
	if verbose {
		// ok: S010
		logger.Debug("headers: " + r.Header.Get("Cookie"))
	}
	fmt.Fprintln(w, "up")
}

func main() {
	http.HandleFunc("/login", loginHandler)
	http.HandleFunc("/batch", batchHandler)
	http.HandleFunc("/health", healthHandler)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
