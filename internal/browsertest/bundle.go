package browsertest

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
)

var bundle struct {
	once    sync.Once
	dir     string
	version string
	err     error
}

// Bundle returns web/dist once it holds the bundle exactly as `make wasm`
// ships it: it runs the Makefile's bundle target (the wasm, its data
// segments merged, precompressed as .br and .gz, wasm_exec.js from this
// GOROOT, the loaders from web/loader/build.sh), which rebuilds only what is
// stale, so under `make test` it costs nothing. Test binaries run in
// parallel: a lock file in bin/ keeps two builds from writing web/dist at
// once.
func Bundle(t testing.TB) string {
	t.Helper()
	bundle.once.Do(func() { bundle.dir, bundle.version, bundle.err = build() })
	if bundle.err != nil {
		t.Fatalf("building the bundle: %v", bundle.err)
	}
	return bundle.dir
}

// Version is the version compiled into the bundle (web/npm/package.json,
// as `make version` prints it).
func Version(t testing.TB) string {
	t.Helper()
	Bundle(t)
	return bundle.version
}

func build() (dir, version string, err error) {
	root, err := moduleRoot()
	if err != nil {
		return "", "", err
	}
	if err := os.MkdirAll(filepath.Join(root, "bin"), 0o755); err != nil {
		return "", "", err
	}
	lock, err := os.OpenFile(filepath.Join(root, "bin", ".bundle.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return "", "", err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return "", "", err
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	if out, err := exec.Command("make", "-s", "-C", root, "bundle").CombinedOutput(); err != nil {
		return "", "", errors.New("make bundle: " + err.Error() + "\n" + string(out))
	}
	out, err := exec.Command("make", "-s", "-C", root, "version").Output()
	if err != nil {
		return "", "", errors.New("make version: " + err.Error())
	}
	return filepath.Join(root, "web", "dist"), strings.TrimSpace(string(out)), nil
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
