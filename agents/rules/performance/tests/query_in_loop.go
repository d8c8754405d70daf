package load

import (
	"database/sql"
	"net/http"
)

func Load(db *sql.DB, ids []int, urls []string, h http.Header) (int, error) {
	n := 0
	for _, id := range ids {
		var name string
		// ruleid: P004
		if err := db.QueryRow("SELECT name FROM items WHERE id = ?", id).Scan(&name); err != nil {
			return 0, err
		}
		// ok: P004
		n += len(h.Get(name))
	}
	for _, url := range urls {
		// ruleid: P004
		resp, err := http.Get(url)
		if err != nil {
			return 0, err
		}
		resp.Body.Close()
	}
	// ok: P004
	rows, err := db.Query("SELECT id FROM items")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	return n, nil
}
