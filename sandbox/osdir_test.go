package sandbox

import (
	"os"
	"testing"
)

type osDir struct{ path string }

func (d *osDir) list() ([]string, error) {
	es, err := os.ReadDir(d.path)
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out, err
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
