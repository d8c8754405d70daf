package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

const followNext = false

func goBack(w http.ResponseWriter, r *http.Request, target string) {
	// ruleid: S009
	http.Redirect(w, r, target, http.StatusFound)
}

func goHome(w http.ResponseWriter, r *http.Request, ignored string) {
	// ok: S009
	http.Redirect(w, r, "/home", http.StatusFound)
}

func loginURL(next string) string {
	return "/login?next=" + next
}

func loginHandler(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	// ruleid: S009
	http.Redirect(w, r, next, http.StatusFound)
	// ruleid: S009
	http.Redirect(w, r, "https://"+r.FormValue("host")+"/welcome", http.StatusSeeOther)
	// ruleid: S009
	http.Redirect(w, r, fmt.Sprintf("%s/dashboard", r.FormValue("base")), http.StatusFound)
	goBack(w, r, r.Referer())
	goHome(w, r, next)
	// ok: S009
	http.Redirect(w, r, "/search?q="+url.QueryEscape(r.FormValue("q")), http.StatusFound)
	id, _ := strconv.Atoi(r.FormValue("id"))
	// ok: S009
	http.Redirect(w, r, "/account/"+strconv.Itoa(id), http.StatusFound)
	// ok: S009
	http.Redirect(w, r, "/", http.StatusFound)
}

func bounceHandler(w http.ResponseWriter, r *http.Request) {
	stack := []string{}
	stack = append(stack, r.FormValue("to"))
	// ruleid: S009
	http.Redirect(w, r, stack[len(stack)-1], http.StatusFound)
	params := map[string]string{}
	params["next"] = r.FormValue("next")
	// ruleid: S009
	http.Redirect(w, r, loginURL(params["next"]), http.StatusFound)
	var sb strings.Builder
	sb.WriteString(r.FormValue("origin"))
	sb.WriteString("/callback")
	// ruleid: S009
	http.Redirect(w, r, sb.String(), http.StatusFound)
	target := r.FormValue("target")
	target = "/"
	// ok: S009
	http.Redirect(w, r, target, http.StatusFound)
	if false {
		// ok: S009
		http.Redirect(w, r, r.FormValue("next"), http.StatusFound)
	}
	if followNext {
		// ok: S009
		http.Redirect(w, r, r.FormValue("continue"), http.StatusFound)
	}
	external := false
	if external {
		// ok: S009
		http.Redirect(w, r, r.FormValue("url"), http.StatusFound)
	}
}

func ginLogout(c *gin.Context) {
	// ruleid: S009
	c.Redirect(http.StatusFound, c.Query("returnTo"))
	// ok: S009
	c.Redirect(http.StatusFound, "/")
}

func main() {
	http.HandleFunc("/login", loginHandler)
	http.HandleFunc("/bounce", bounceHandler)
	http.ListenAndServe(":8080", nil)
}
