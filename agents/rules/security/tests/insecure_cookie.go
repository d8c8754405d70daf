package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func login(w http.ResponseWriter, r *http.Request, token string) {
	// ruleid: S033
	http.SetCookie(w, &http.Cookie{Name: "session", Value: token, Path: "/"})
	// ruleid: S033
	http.SetCookie(w, &http.Cookie{Name: "session", Value: token, HttpOnly: true})
	http.SetCookie(w, &http.Cookie{
		Name:     "session",
		Value:    token,
		HttpOnly: true,
		// ruleid: S033
		Secure: false,
	})
	// ok: S033
	http.SetCookie(w, &http.Cookie{Name: "session", Value: token, Secure: true, HttpOnly: true})
	// ok: S033
	http.SetCookie(w, &http.Cookie{Name: "session", Value: token, Secure: r.TLS != nil, HttpOnly: true})
}

func later(w http.ResponseWriter, token string) {
	// ok: S033
	c := &http.Cookie{Name: "session", Value: token}
	c.Secure = true
	c.HttpOnly = true
	http.SetCookie(w, c)
}

func disabled(w http.ResponseWriter, cookie *http.Cookie) {
	cookie.Secure = true
	// ruleid: S033
	cookie.HttpOnly = false
	http.SetCookie(w, cookie)
}

func ginHandler(c *gin.Context, token string) {
	// ruleid: S033
	c.SetCookie("session", token, 3600, "/", "example.com", false, true)
	// ok: S033
	c.SetCookie("session", token, 3600, "/", "example.com", true, true)
}
