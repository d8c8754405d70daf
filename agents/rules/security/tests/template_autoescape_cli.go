package main

import (
	"os"
	// ok: S036
	"text/template"
)

func main() {
	t := template.Must(template.New("cfg").Parse("name = {{.}}\n"))
	_ = t.Execute(os.Stdout, "x")
}
