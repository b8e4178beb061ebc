//go:build !js

package hygiene

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// semver is the version form npm accepts: 1.2.3, with an optional
// pre-release such as 1.2.3-rc.1.
var semver = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$`)

// TestVersionHasOneSource: the version lives in web/npm/package.json. The
// Makefile reads it from there (make version prints what it compiles into
// the wasm as IntegryJS.SDK_VERSION and into the loaders), and a bundle
// built into web/dist says the same in its first line.
func TestVersionHasOneSource(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, "web", "npm", "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Version string `json:"version"`
	}
	if err := json.Unmarshal(b, &pkg); err != nil {
		t.Fatalf("web/npm/package.json: %v", err)
	}
	if !semver.MatchString(pkg.Version) {
		t.Fatalf("web/npm/package.json: version %q is not a semantic version", pkg.Version)
	}

	makeBin, err := exec.LookPath("make")
	if err != nil {
		t.Skip("make is not on PATH")
	}
	cmd := exec.Command(makeBin, "-s", "--no-print-directory", "-C", root, "version")
	cmd.Env = withoutMakeVars(os.Environ())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("make version: %v", err)
	}
	if got := strings.TrimSpace(string(out)); got != pkg.Version {
		t.Errorf("make version = %q, web/npm/package.json says %q", got, pkg.Version)
	}

	f, err := os.Open(filepath.Join(root, "web", "dist", "integry.js"))
	if os.IsNotExist(err) {
		return // no bundle built yet: nothing more to compare
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	first, _ := bufio.NewReader(f).ReadString('\n')
	if want := "/* integry-wasm " + pkg.Version + ":"; !strings.HasPrefix(first, want) {
		t.Errorf("web/dist/integry.js was built as %q, not version %s: run make wasm", strings.TrimSpace(first), pkg.Version)
	}
}

// withoutMakeVars drops the variables a parent make passes down, so that
// `make test VERSION=x` cannot make the child agree by force.
func withoutMakeVars(env []string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "VERSION":
			continue
		}
		out = append(out, kv)
	}
	return out
}
