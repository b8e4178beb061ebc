//go:build !js

package main

import (
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// goList runs `go list -deps` for pkg with extra environment.
func goList(t *testing.T, pkg string, env ...string) map[string]bool {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", pkg)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps %s: %v", pkg, err)
	}
	deps := map[string]bool{}
	for _, d := range strings.Fields(string(out)) {
		deps[d] = true
	}
	return deps
}

// bundleMayLink is every package the browser bundle may link besides the
// runtime's internals (internal/...) and our own. Anything new here costs
// bytes on every page that loads the SDK: add it only with the size it
// costs measured (make bench prints the bundle's size). In particular:
// encoding/json, fmt, net/url, net/http (about 2 MB of gzip), reflect, os,
// safejs and vert stay out (docs/design.md#size).
var bundleMayLink = map[string]bool{
	"cmp": true, "context": true, "errors": true, "io": true, "iter": true, "math": true,
	"math/bits": true, "math/rand/v2": true, "runtime": true, "slices": true, "strconv": true,
	"strings": true, "sync": true, "sync/atomic": true, "syscall": true, "syscall/js": true,
	"time": true, "unicode": true, "unicode/utf16": true, "unicode/utf8": true, "unsafe": true,
}

func TestBundleLinksOnlyWhatItMay(t *testing.T) {
	deps := goList(t, "github.com/integry-go/integry/wasm", "GOOS=js", "GOARCH=wasm")
	if !deps["github.com/integry-go/integry/jsbridge"] || !deps["syscall/js"] {
		t.Fatal("go list found no jsbridge or syscall/js among the bundle's dependencies; the check would prove nothing")
	}
	for dep := range deps {
		if bundleMayLink[dep] || strings.HasPrefix(dep, "internal/") || strings.HasPrefix(dep, "github.com/integry-go/integry/") {
			continue
		}
		t.Errorf("the bundle links %s, which is not on the list of what it may link", dep)
	}
}

// Only jsbridge sees JavaScript: ui and wasm reach it through jsbridge, so a
// JavaScript exception can never become a panic outside the few helpers
// that recover it (docs/design.md#bridge).
func TestOnlyJSBridgeImportsSyscallJS(t *testing.T) {
	for _, pkg := range []string{"ui", "wasm", "sdk", "internal/jsonx"} {
		cmd := exec.Command("go", "list", "-f", `{{join .Imports " "}} {{join .TestImports " "}} {{join .XTestImports " "}}`, "github.com/integry-go/integry/"+pkg)
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list %s: %v", pkg, err)
		}
		for _, imp := range strings.Fields(string(out)) {
			if imp == "syscall/js" || strings.HasPrefix(imp, "github.com/hack-pad/safejs") || strings.HasPrefix(imp, "github.com/norunners/vert") {
				t.Errorf("%s imports %s; only jsbridge may", pkg, imp)
			}
		}
	}
}

// The bundle's own packages import none of what the bundle must not link
// (docs/design.md#size): not encoding/json (JSON goes through
// internal/jsonx), not fmt, not net/http or net/url, and only jsbridge
// imports syscall/js. Checked per package and per build (native and js), so
// a file the other build compiles cannot slip one in: the bundle's
// dependency list above only sees the js build as a whole.
func TestBundlePackagesImportNoForbiddenPackage(t *testing.T) {
	forbidden := map[string]bool{"encoding/json": true, "fmt": true, "net/http": true, "net/url": true, "syscall/js": true}
	for _, pkg := range []string{"sdk", "jsbridge", "ui", "wasm", "internal/jsonx"} {
		for _, env := range [][]string{nil, {"GOOS=js", "GOARCH=wasm"}} {
			cmd := exec.Command("go", "list", "-f", `{{join .Imports " "}}`, "github.com/integry-go/integry/"+pkg)
			cmd.Env = append(os.Environ(), env...)
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("go list %s %v: %v", pkg, env, err)
			}
			imports := strings.Fields(string(out))
			if len(imports) < 2 && env != nil { // natively, jsbridge is its doc alone
				t.Fatalf("go list %s %v found %d imports; the check would prove nothing", pkg, env, len(imports))
			}
			for _, imp := range imports {
				if forbidden[imp] && !(imp == "syscall/js" && pkg == "jsbridge") {
					t.Errorf("%s imports %s (%v)", pkg, imp, env)
				}
			}
		}
	}
}

// Every file that sees JavaScript says so with the js && wasm build tag, and
// every _js.go file carries it explicitly.
func TestJSFilesCarryTheBuildTag(t *testing.T) {
	for _, dir := range []string{".", filepath.Join("..", "jsbridge")} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no Go files in %s (%v)", dir, err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			src := string(b)
			tagged := strings.HasPrefix(src, "//go:build js && wasm\n")
			isJS := strings.HasSuffix(f, "_js.go") || strings.HasSuffix(f, "_js_test.go")
			if isJS && !tagged {
				t.Errorf("%s: a _js.go file must start with //go:build js && wasm", f)
			}
			if importsSyscallJS(t, f) && !tagged {
				t.Errorf("%s imports syscall/js without the js && wasm build tag", f)
			}
		}
	}
}

func importsSyscallJS(t *testing.T, path string) bool {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range f.Imports {
		if imp.Path.Value == `"syscall/js"` {
			return true
		}
	}
	return false
}
