package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

const useProxy = false

var client = &http.Client{}

func fetch(target string) (*http.Response, error) {
	// ruleid: S006
	return http.Get(target)
}

func status(ignored string) (*http.Response, error) {
	// ok: S006
	return http.Get("https://status.example.com/api/v2/status.json")
}

func avatarURL(user string) string {
	return "https://" + user + "/avatar.png"
}

func previewHandler(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("url")
	// ruleid: S006
	resp, _ := http.Get(target)
	// ruleid: S006
	health, _ := client.Get("http://" + r.FormValue("host") + "/health")
	// ruleid: S006
	img, _ := http.Get(avatarURL(r.FormValue("user")))
	// ruleid: S006
	req, _ := http.NewRequest("GET", fmt.Sprintf("https://%s/", r.FormValue("domain")), nil)
	fetch(r.FormValue("feed"))
	status(target)
	id, _ := strconv.Atoi(r.FormValue("id"))
	// ok: S006
	user, _ := http.Get("https://api.example.com/users/" + strconv.Itoa(id))
	// ok: S006
	byName, _ := http.Get("https://api.example.com/users/" + url.PathEscape(r.FormValue("name")))
	// ok: S006
	posted, _ := http.Post("https://api.example.com/events", "application/json", strings.NewReader(r.FormValue("payload")))
	// ok: S006
	fixed, _ := http.Get("https://status.example.com/api/v2/status.json")
	client.Do(req)
	io.Copy(w, resp.Body)
	fmt.Println(health, img, user, byName, posted, fixed)
}

func webhookHandler(w http.ResponseWriter, r *http.Request) {
	targets := []string{}
	targets = append(targets, r.PostFormValue("callback"))
	for _, t := range targets {
		// ruleid: S006
		http.Post(t, "application/json", bytes.NewBufferString("{}"))
	}
	endpoints := map[string]string{}
	endpoints["notify"] = r.PostFormValue("notify")
	// ruleid: S006
	http.PostForm(endpoints["notify"], url.Values{"event": {"created"}})
	var sb strings.Builder
	sb.WriteString("http://")
	sb.WriteString(r.PostFormValue("service"))
	sb.WriteString(":8080/events")
	// ruleid: S006
	http.Get(sb.String())
	source := r.FormValue("source")
	source = "https://mirror.example.com/index.json"
	// ok: S006
	http.Get(source)
	if false {
		// ok: S006
		http.Get(r.FormValue("url"))
	}
	if useProxy {
		// ok: S006
		client.Get(r.FormValue("proxy"))
	}
	remote := false
	if remote {
		// ok: S006
		http.Get(r.FormValue("remote"))
	}
}

func main() {
	http.HandleFunc("/preview", previewHandler)
	http.HandleFunc("/webhook", webhookHandler)
	http.ListenAndServe(":8080", nil)
}
