package browsertest

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// TestVersion is compiled into the bundle tests build, so a test can tell it
// from an installed one.
const TestVersion = "9.9.9-test"

var bundle struct {
	once sync.Once
	dir  string
	err  error
}

// Bundle builds the bundle exactly as `make wasm` ships it (the Makefile's
// bundle target: the wasm, its post-link step and precompressed copies,
// wasm_exec.js from this GOROOT, and the loaders from web/loader/build.sh)
// into a temporary folder, once per test binary, and returns the folder.
// The folder is removed by [Cleanup], which TestMain calls.
func Bundle(t testing.TB) string {
	t.Helper()
	bundle.once.Do(func() {
		root, err := moduleRoot()
		if err != nil {
			bundle.err = err
			return
		}
		dir, err := os.MkdirTemp("", "integry-bundle-")
		if err != nil {
			bundle.err = err
			return
		}
		bundle.dir = dir
		cmd := exec.Command("make", "-s", "-C", root, "bundle", "DIST="+dir, "VERSION="+TestVersion)
		if out, err := cmd.CombinedOutput(); err != nil {
			bundle.err = errors.New("make bundle: " + err.Error() + "\n" + string(out))
		}
	})
	if bundle.err != nil {
		t.Fatalf("building the bundle: %v", bundle.err)
	}
	return bundle.dir
}

// Cleanup removes what [Bundle] built. Call it from TestMain after m.Run.
func Cleanup() {
	if bundle.dir != "" {
		os.RemoveAll(bundle.dir)
	}
}

// moduleRoot finds the folder of go.mod above the working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
