package main

import (
	"database/sql"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
)

var db *sql.DB

const base = "SELECT * FROM users"

func handler(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: S001
	db.Query("SELECT * FROM users WHERE name = '" + name + "'")
	// ok: S001
	db.Query(base+" WHERE name = $1", name)
	id, _ := strconv.Atoi(r.FormValue("id"))
	// ok: S001
	db.Query("SELECT * FROM users WHERE id = " + strconv.Itoa(id))
	host := r.FormValue("host")
	// ruleid: S002
	exec.Command("sh", "-c", "ping "+host).Run()
	host = "localhost"
	// ok: S002
	exec.Command("sh", "-c", "ping "+host).Run()
	// ruleid: S004
	os.ReadFile(filepath.Join("/srv", r.FormValue("file")))
	// ok: S004
	os.ReadFile(filepath.Join("/srv", filepath.Base(r.FormValue("file"))))
	// ruleid: S009
	http.Redirect(w, r, r.FormValue("next"), http.StatusFound)
	// ok: S009
	http.Redirect(w, r, "/home", http.StatusFound)
	query(name)
}

func query(who string) {
	q := "SELECT * FROM t WHERE who = '" + who + "'"
	// ruleid: S001
	db.Exec(q)
}

func main() {
	http.HandleFunc("/", handler)
}
