package main

import (
	"net/http"
	// ruleid: S036
	"text/template"
)

var page = template.Must(template.New("page").Parse("<p>{{.}}</p>"))

func handler(w http.ResponseWriter, r *http.Request) {
	_ = page.Execute(w, r.URL.Query().Get("name"))
}
