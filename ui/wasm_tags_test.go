//go:build !js

package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Files that use the browser say so: every *_js.go (and the harness) is
// built only for js && wasm, so the native lane never compiles them by
// accident and the pure form model stays testable with -race.
func TestJSFilesHaveWasmTags(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("*_js.go")
	more, _ := filepath.Glob("*_js_test.go")
	files = append(append(files, more...), filepath.Join("internal", "harness", "main.go"))
	if len(files) < 3 {
		t.Fatalf("found only %v", files)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), "//go:build js && wasm\n") {
			t.Errorf("%s does not start with //go:build js && wasm", f)
		}
	}
}
