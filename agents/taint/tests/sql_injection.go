package main

import (
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gorilla/mux"
	"github.com/jmoiron/sqlx"
)

const debug = false

const base = "SELECT id, name FROM users"

var db *sql.DB

var dbx *sqlx.DB

func findUser(name string) (*sql.Rows, error) {
	// ruleid: S001
	return db.Query("SELECT * FROM users WHERE name = '" + name + "'")
}

func findByID(id string) (*sql.Rows, error) {
	// ok: S001
	return db.Query("SELECT * FROM users WHERE id = $1", id)
}

func orderBy(column string) string {
	return " ORDER BY " + column
}

func usersHandler(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: S001
	db.Query("SELECT * FROM users WHERE name = '" + name + "'")
	// ruleid: S001
	db.Query(fmt.Sprintf("SELECT * FROM users WHERE email = '%s'", r.FormValue("email")))
	// ruleid: S001
	db.QueryRowContext(r.Context(), "SELECT * FROM users WHERE token = '"+r.Header.Get("X-Token")+"'")
	// ruleid: S001
	db.Query(base + orderBy(r.FormValue("sort")))
	findUser(r.FormValue("user"))
	findByID(mux.Vars(r)["id"])
	// ok: S001
	db.Query("SELECT * FROM users WHERE name = $1", name)
	// ok: S001
	db.QueryContext(r.Context(), "SELECT * FROM users WHERE email = $1", r.FormValue("email"))
	id, _ := strconv.Atoi(r.FormValue("uid"))
	// ok: S001
	db.Query("SELECT * FROM users WHERE id = " + strconv.Itoa(id))
	// ok: S001
	db.Query(base + " WHERE active = true")
	// ok: S001
	db.Query(base + orderBy("name"))
}

func searchHandler(w http.ResponseWriter, r *http.Request) {
	clauses := []string{}
	clauses = append(clauses, "city = '"+r.PostFormValue("city")+"'")
	// ruleid: S001
	db.Query("SELECT * FROM shops WHERE " + strings.Join(clauses, " AND "))
	filters := map[string]string{}
	filters["owner"] = r.PostFormValue("owner")
	// ruleid: S001
	db.Exec("DELETE FROM carts WHERE owner = '" + filters["owner"] + "'")
	var sb strings.Builder
	sb.WriteString("SELECT * FROM orders WHERE status = '")
	sb.WriteString(r.FormValue("status"))
	sb.WriteString("'")
	// ruleid: S001
	db.Query(sb.String())
	table := r.FormValue("table")
	table = "events"
	// ok: S001
	db.Query("SELECT * FROM " + table)
	if false {
		// ok: S001
		db.Query("SELECT * FROM events WHERE kind = '" + r.FormValue("kind") + "'")
	}
	if debug {
		// ok: S001
		db.Exec("DELETE FROM events WHERE day = " + r.FormValue("day"))
	}
	verbose := false
	if verbose {
		// ok: S001
		db.Query(fmt.Sprintf("SELECT * FROM debug WHERE tag = '%s'", r.FormValue("tag")))
	}
}

type user struct {
	ID   int
	Name string
}

func sqlxHandler(w http.ResponseWriter, r *http.Request) {
	var u user
	var users []user
	// ruleid: S001
	dbx.Get(&u, "SELECT * FROM users WHERE name = '"+r.FormValue("name")+"'")
	// ruleid: S001
	dbx.Select(&users, fmt.Sprintf("SELECT * FROM users WHERE team = '%s'", r.FormValue("team")))
	// ok: S001
	dbx.Get(&u, "SELECT * FROM users WHERE name = $1", r.FormValue("name"))
	// ok: S001
	resp, _ := http.Get("https://api.example.com/users?name=" + r.FormValue("name"))
	fmt.Fprint(w, u.Name, len(users), resp.StatusCode)
}

func main() {
	http.HandleFunc("/users", usersHandler)
	http.HandleFunc("/search", searchHandler)
	http.ListenAndServe(":8080", nil)
}
