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

// The browser build must not link net/http: it would add about 2 MB gzip,
// more than the official bundle it replaces. The fetch transport in jsbridge
// is what reaches the network.
func TestWasmBuildDoesNotLinkNetHTTP(t *testing.T) {
	deps := goList(t, "github.com/integry-go/integry/wasm", "GOOS=js", "GOARCH=wasm")
	if !deps["github.com/integry-go/integry/jsbridge"] {
		t.Fatal("go list found no jsbridge among the wasm build's dependencies; the check would prove nothing")
	}
	for _, banned := range []string{"net/http", "net/http/httptest", "crypto/tls", "net"} {
		if deps[banned] {
			t.Errorf("GOOS=js GOARCH=wasm ./wasm depends on %s", banned)
		}
	}
}

// The core stays pure Go: no JavaScript and no net/http.
func TestSDKStaysPure(t *testing.T) {
	deps := goList(t, "github.com/integry-go/integry/sdk")
	for _, banned := range []string{"syscall/js", "github.com/hack-pad/safejs", "github.com/norunners/vert", "net/http"} {
		if deps[banned] {
			t.Errorf("sdk depends on %s", banned)
		}
	}
	// Under GOOS=js the standard library itself (os, syscall) uses
	// syscall/js, so only our JavaScript packages and net/http are checked.
	deps = goList(t, "github.com/integry-go/integry/sdk", "GOOS=js", "GOARCH=wasm")
	for _, banned := range []string{"github.com/integry-go/integry/jsbridge", "github.com/hack-pad/safejs", "github.com/norunners/vert", "net/http"} {
		if deps[banned] {
			t.Errorf("sdk depends on %s under GOOS=js", banned)
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
