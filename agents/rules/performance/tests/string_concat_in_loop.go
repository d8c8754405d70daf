package render

import "fmt"

func Render(rows []string) string {
	out := ""
	var sep string
	total := 0
	for i, row := range rows {
		// ruleid: P001
		out += row + "\n"
		if i > 0 {
			// ruleid: P001
			sep += fmt.Sprintf("%d;", i)
		}
		// ok: P001
		total += len(row)
		line := ""
		// ok: P001
		line += row
		_ = line
	}
	for i := 0; i < len(rows); i++ {
		// ruleid: P001
		out = out + rows[i] + ","
	}
	// ok: P001
	out += "end"
	return out + sep
}
