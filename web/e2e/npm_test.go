//go:build !js

package e2e

import (
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// The files `make wasm` copies into web/npm; the test puts its own fresh
// build there instead.
var npmBuilt = []string{"integry.wasm", "integry.wasm.br", "integry.wasm.gz", "wasm_exec.js", "integry.js", "loader.mjs"}

// TestNPMJourney packs web/npm with a fresh bundle (npm pack), installs the
// tarball into a copy of web/examples/npm, builds it with Vite 7, serves the
// output on its own origin and runs the journey on it.
func TestNPMJourney(t *testing.T) {
	dist := bundle(t)
	app, took := buildNPMExample(t, dist)
	e := newEnv(t)
	e.serve("/", os.DirFS(app))
	rep := e.journey(wayIn{url: e.exampleURL(e.pageURL+"/", "e2e-npm"), persons: `#list-persons`}, "e2e-npm")
	e.noConsoleErrors(nil)
	t.Logf("npm: pack+install+vite build in %v; ready in %v, journey in %v, %d persons over %d pages", took, rep.ready, rep.total, rep.personsN, rep.pages)
}

// buildNPMExample returns the folder Vite built the npm example into, and
// how long packing, installing and building took.
func buildNPMExample(t *testing.T, dist string) (string, time.Duration) {
	t.Helper()
	for _, tool := range []string{"npm", "node"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the npm example needs %s on PATH: %v", tool, err)
		}
	}
	start := time.Now()
	work := t.TempDir()

	// The package: web/npm's sources plus this test's bundle.
	pkg := filepath.Join(work, "pkg")
	copyTree(t, filepath.Join(repoRoot, "web", "npm"), pkg, func(rel string) bool {
		return rel != "node_modules" && !strings.HasSuffix(rel, ".tgz")
	})
	for _, f := range npmBuilt {
		if err := copyFile(filepath.Join(dist, f), filepath.Join(pkg, f)); err != nil {
			t.Fatalf("putting the bundle into the package: %v", err)
		}
	}
	out := run(t, work, nil, "npm", "pack", pkg, "--pack-destination", work, "--json", "--loglevel=error")
	var packed []struct {
		Filename string `json:"filename"`
		Files    []struct {
			Path string `json:"path"`
		} `json:"files"`
	}
	if err := json.Unmarshal(out, &packed); err != nil || len(packed) != 1 {
		t.Fatalf("npm pack --json printed %s (%v)", out, err)
	}
	var inTarball []string
	for _, f := range packed[0].Files {
		inTarball = append(inTarball, f.Path)
	}
	for _, f := range []string{"integry.wasm", "wasm_exec.js", "package.json"} {
		if !slices.Contains(inTarball, f) {
			t.Fatalf("the packed tarball lacks %s; it holds %v", f, inTarball)
		}
	}

	// The app: the example's files, the tarball and Vite from package.json.
	app := filepath.Join(work, "app")
	copyTree(t, filepath.Join(repoRoot, "web", "examples", "npm"), app, func(rel string) bool {
		return rel != "node_modules" && rel != "dist" && rel != "package-lock.json" && !strings.HasSuffix(rel, ".tgz")
	})
	// As web/examples/README.md says: --no-save, so that package.json (in
	// git) stays as it is.
	manifest, err := os.ReadFile(filepath.Join(app, "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	run(t, app, nil, "npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error",
		filepath.Join(work, packed[0].Filename))
	if after, err := os.ReadFile(filepath.Join(app, "package.json")); err != nil || string(after) != string(manifest) {
		t.Errorf("npm install --no-save changed package.json (%v):\n%s", err, after)
	}
	run(t, app, nil, filepath.Join(app, "node_modules", ".bin", "vite"), "build", "--logLevel", "warn")
	built := filepath.Join(app, "dist")
	if _, err := os.Stat(filepath.Join(built, "index.html")); err != nil {
		t.Fatalf("vite build wrote no index.html: %v", err)
	}
	return built, time.Since(start)
}

// run runs a command in dir and returns its standard output; it fails the
// test with everything the command printed.
func run(t *testing.T, dir string, env []string, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s\n%s", name, strings.Join(args, " "), err, out, stderr.String())
	}
	return out
}

// copyTree copies the regular files under from to to, skipping paths keep
// rejects (a rejected folder is skipped whole).
func copyTree(t *testing.T, from, to string, keep func(rel string) bool) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if rel != "." && !keep(filepath.ToSlash(rel)) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return copyFile(p, target)
	})
	if err != nil {
		t.Fatalf("copying %s: %v", from, err)
	}
}
