package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

const uploads = "/srv/uploads"

const allowDelete = false

func readReport(name string) ([]byte, error) {
	// ruleid: S004
	return os.ReadFile(filepath.Join("/srv/reports", name))
}

func readIndex(ignored string) ([]byte, error) {
	// ok: S004
	return os.ReadFile(filepath.Join(uploads, "index.txt"))
}

func reportPath(name string) string {
	return fmt.Sprintf("/srv/reports/%s.csv", name)
}

func downloadHandler(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("file")
	// ruleid: S004
	f, _ := os.Open(filepath.Join(uploads, name))
	// ruleid: S004
	http.ServeFile(w, r, uploads+"/"+r.FormValue("doc"))
	// ruleid: S004
	report, _ := os.ReadFile(reportPath(r.FormValue("report")))
	readReport(r.FormValue("report"))
	readIndex(name)
	// ok: S004
	safe, _ := os.ReadFile(filepath.Join(uploads, filepath.Base(name)))
	id, _ := strconv.Atoi(r.FormValue("id"))
	// ok: S004
	byID, _ := os.ReadFile(filepath.Join(uploads, strconv.Itoa(id)+".bin"))
	// ok: S004
	index, _ := os.ReadFile(filepath.Join(uploads, "index.txt"))
	io.Copy(w, f)
	fmt.Fprintf(w, "%d %d %d %d", len(report), len(safe), len(byID), len(index))
}

func deleteHandler(w http.ResponseWriter, r *http.Request) {
	victims := []string{}
	victims = append(victims, r.FormValue("extra"))
	for _, victim := range victims {
		// ruleid: S004
		os.Remove(victim)
	}
	paths := map[string]string{}
	paths["archive"] = r.FormValue("archive")
	// ruleid: S004
	os.RemoveAll(paths["archive"])
	var sb strings.Builder
	sb.WriteString(uploads)
	sb.WriteString("/")
	sb.WriteString(r.FormValue("name"))
	// ruleid: S004
	os.Remove(sb.String())
	// ok: S004
	os.Remove(filepath.Join(uploads, filepath.Base(r.FormValue("name"))))
	dest := r.FormValue("dest")
	dest = filepath.Join(uploads, "incoming")
	// ok: S004
	os.MkdirAll(dest, 0o755)
	if false {
		// ok: S004
		os.Remove(r.FormValue("old"))
	}
	if allowDelete {
		// ok: S004
		os.RemoveAll(r.FormValue("dir"))
	}
	keep := false
	if keep {
		// ok: S004
		os.WriteFile(r.FormValue("backup"), nil, 0o600)
	}
}

func attachment(c *gin.Context) {
	// ruleid: S004
	c.File(filepath.Join(uploads, c.Query("name")))
	// ok: S004
	c.File(filepath.Join(uploads, filepath.Base(c.Query("name"))))
}

func main() {
	// ok: S004
	data, _ := os.ReadFile(os.Args[1])
	fmt.Println(len(data))
	http.HandleFunc("/download", downloadHandler)
	http.HandleFunc("/delete", deleteHandler)
	http.ListenAndServe(":8080", nil)
}
