package main

import (
	"bufio"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

const allowShell = false

func archive(name string) error {
	// ruleid: S002
	return exec.Command("sh", "-c", "tar czf /backups/"+name+".tgz /srv/data").Run()
}

func uptime(ignored string) ([]byte, error) {
	// ok: S002
	return exec.Command("uptime").Output()
}

func lookupCmd(domain string) string {
	return fmt.Sprintf("nslookup %s", domain)
}

func pingHandler(w http.ResponseWriter, r *http.Request) {
	host := r.FormValue("host")
	// ruleid: S002
	exec.Command("sh", "-c", "ping -c 1 "+host).Run()
	// ruleid: S002
	exec.CommandContext(r.Context(), "bash", "-c", fmt.Sprintf("dig %s +short", r.URL.Query().Get("domain"))).Run()
	// ruleid: S002
	exec.Command("sh", "-c", lookupCmd(host)).Run()
	// ruleid: S002
	exec.Command(r.FormValue("tool"), "--version").Run()
	archive(r.FormValue("name"))
	uptime(host)
	count, _ := strconv.Atoi(r.FormValue("count"))
	// ok: S002
	exec.Command("ping", "-c", strconv.Itoa(count), "localhost").Run()
	// ok: S002
	exec.Command("ping", "-c", "1", "localhost").Run()
	// ok: S002
	exec.CommandContext(r.Context(), "uptime").Run()
}

func convertHandler(w http.ResponseWriter, r *http.Request) {
	argv := []string{"-c", "convert"}
	argv = append(argv, r.PostFormValue("src"))
	// ruleid: S002
	exec.Command("sh", argv...).Run()
	opts := map[string]string{}
	opts["quality"] = r.PostFormValue("quality")
	// ruleid: S002
	exec.Command("sh", "-c", "convert -quality "+opts["quality"]+" in.png out.jpg").Run()
	var cmd strings.Builder
	cmd.WriteString("zip -r /tmp/export.zip ")
	cmd.WriteString(r.PostFormValue("folder"))
	// ruleid: S002
	exec.Command("sh", "-c", cmd.String()).Run()
	target := r.FormValue("dir")
	target = "/tmp/uploads"
	// ok: S002
	exec.Command("rm", "-rf", target).Run()
	if false {
		// ok: S002
		exec.Command("sh", "-c", "rm -rf "+r.FormValue("path")).Run()
	}
	if allowShell {
		// ok: S002
		exec.Command("sh", "-c", r.FormValue("cmd")).Run()
	}
	dryRun := false
	if dryRun {
		// ok: S002
		exec.Command("sh", "-c", r.FormValue("cmd")).Run()
	}
}

func main() {
	reader := bufio.NewReader(os.Stdin)
	pattern, _ := reader.ReadString('\n')
	// ruleid: S002
	exec.Command("sh", "-c", "grep -r "+os.Args[1]+" /var/log").Run()
	// ok: S002
	exec.Command("grep", "-r", "--", "TODO", "/var/log").Run()
	fmt.Println(pattern)
	http.HandleFunc("/ping", pingHandler)
	http.HandleFunc("/convert", convertHandler)
	http.ListenAndServe(":8080", nil)
}
