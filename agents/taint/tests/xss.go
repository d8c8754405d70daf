package main

import (
	"fmt"
	"html"
	"html/template"
	"io"
	"net/http"
	"strconv"
	"strings"
)

const rawHTML = false

func card(w http.ResponseWriter, title string) {
	// ruleid: S005
	fmt.Fprintf(w, "<div class='card'><h2>%s</h2></div>", title)
}

func footer(w http.ResponseWriter, ignored string) {
	// ok: S005
	io.WriteString(w, "<footer>&copy; Example</footer>")
}

func badge(label string) string {
	return "<span class='badge'>" + label + "</span>"
}

func greetHandler(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: S005
	fmt.Fprintf(w, "<p>Hello %s</p>", name)
	// ruleid: S005
	w.Write([]byte("<h1>" + r.FormValue("title") + "</h1>"))
	// ruleid: S005
	io.WriteString(w, badge(r.FormValue("badge")))
	// ruleid: S005
	page := template.HTML("<b>" + r.FormValue("banner") + "</b>")
	card(w, r.FormValue("card"))
	footer(w, name)
	// ok: S005
	fmt.Fprintf(w, "<p>Hello %s</p>", html.EscapeString(name))
	// ok: S005
	io.WriteString(w, "<p>"+template.HTMLEscapeString(r.FormValue("bio"))+"</p>")
	n, _ := strconv.Atoi(r.FormValue("n"))
	// ok: S005
	fmt.Fprintf(w, "<p>%d results</p>", n)
	// ok: S005
	fmt.Fprint(w, "<p>Hello, world</p>")
	tmpl := template.Must(template.New("p").Parse("<p>{{.}}</p>"))
	tmpl.Execute(w, page)
}

func commentsHandler(w http.ResponseWriter, r *http.Request) {
	items := []string{}
	items = append(items, "<li>"+r.PostFormValue("comment")+"</li>")
	// ruleid: S005
	fmt.Fprint(w, "<ul>"+strings.Join(items, "")+"</ul>")
	ctx := map[string]string{}
	ctx["author"] = r.PostFormValue("author")
	// ruleid: S005
	fmt.Fprintf(w, "<em>%s</em>", ctx["author"])
	var sb strings.Builder
	sb.WriteString("<table><tr><td>")
	sb.WriteString(r.PostFormValue("cell"))
	sb.WriteString("</td></tr></table>")
	// ruleid: S005
	w.Write([]byte(sb.String()))
	body := r.FormValue("body")
	body = "<p>Preview disabled</p>"
	// ok: S005
	io.WriteString(w, body)
	if false {
		// ok: S005
		io.WriteString(w, r.FormValue("raw"))
	}
	if rawHTML {
		// ok: S005
		fmt.Fprintf(w, "<div>%s</div>", r.FormValue("raw"))
	}
	trusted := false
	if trusted {
		// ok: S005
		w.Write([]byte(r.FormValue("html")))
	}
}

func main() {
	http.HandleFunc("/greet", greetHandler)
	http.HandleFunc("/comments", commentsHandler)
	http.ListenAndServe(":8080", nil)
}
