package sdk_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestSDKStaysPure keeps the core free of the browser, and of net/http and
// net/url (about 2 MB and 40 KB of gzip in the wasm build), so it compiles
// small into the browser bundle and runs natively under -race.
func TestSDKStaysPure(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		switch {
		case dep == "syscall/js", dep == "net/http", dep == "net/url",
			strings.HasPrefix(dep, "github.com/hack-pad/safejs"),
			strings.HasPrefix(dep, "github.com/norunners/vert"):
			t.Errorf("sdk must not depend on %s", dep)
		}
	}
}
