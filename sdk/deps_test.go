package sdk_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestSDKStaysPure keeps the core free of the browser and of everything the
// browser bundle must not link (docs/design.md#size): net/http (about 2 MB
// of gzip), net/url, encoding/json, fmt and os. It checks the native build
// and the js/wasm one, where the bundle links it.
func TestSDKStaysPure(t *testing.T) {
	t.Parallel()
	for _, env := range [][]string{nil, {"GOOS=js", "GOARCH=wasm"}} {
		cmd := exec.Command("go", "list", "-deps", ".")
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go list %v: %v\n%s", env, err, out)
		}
		deps := strings.Fields(string(out))
		if len(deps) < 5 {
			t.Fatalf("go list %v listed %d packages; the check would prove nothing", env, len(deps))
		}
		for _, dep := range deps {
			switch {
			case dep == "syscall/js" && env == nil, dep == "net/http", dep == "net/url",
				dep == "encoding/json", dep == "fmt",
				strings.HasPrefix(dep, "github.com/integry-go/integry/jsbridge"),
				strings.HasPrefix(dep, "github.com/hack-pad/safejs"),
				strings.HasPrefix(dep, "github.com/norunners/vert"):
				t.Errorf("sdk must not depend on %s (%v)", dep, env)
			}
		}
	}
}
