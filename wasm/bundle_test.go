//go:build !js

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// testVersion is compiled into the bundle the tests build.
const testVersion = "9.9.9-test"

var bundle struct {
	once sync.Once
	dir  string
	err  error
	out  string
}

// buildBundle builds what `make wasm` builds (the wasm, wasm_exec.js from
// this GOROOT and the loader through web/loader/build.sh) into a temporary
// folder shared by the tests of this binary, and returns the folder.
func buildBundle(t *testing.T) string {
	t.Helper()
	bundle.once.Do(func() {
		dir, err := os.MkdirTemp("", "integry-wasm-bundle-")
		if err != nil {
			bundle.err = err
			return
		}
		bundle.dir = dir
		goroot, err := exec.Command("go", "env", "GOROOT").Output()
		if err != nil {
			bundle.err = err
			return
		}
		build := exec.Command("go", "build", "-trimpath",
			"-ldflags=-s -w -X github.com/integry-go/integry/sdk.Version="+testVersion,
			"-o", filepath.Join(dir, "integry.wasm"), ".")
		build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		if out, err := build.CombinedOutput(); err != nil {
			bundle.err, bundle.out = err, string(out)
			return
		}
		if out, err := exec.Command("sh", filepath.Join("..", "web", "loader", "build.sh"), testVersion, dir).CombinedOutput(); err != nil {
			bundle.err, bundle.out = err, string(out)
			return
		}
		glue, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
		if err != nil {
			bundle.err = err
			return
		}
		bundle.err = os.WriteFile(filepath.Join(dir, "wasm_exec.js"), glue, 0o644)
	})
	if bundle.err != nil {
		t.Fatalf("building the bundle: %v\n%s", bundle.err, bundle.out)
	}
	return bundle.dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bundle.dir != "" {
		os.RemoveAll(bundle.dir)
	}
	os.Exit(code)
}
