//go:build !js

package e2e

import (
	"bytes"
	"compress/gzip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/integry-go/integry/internal/browsertest"
	"github.com/integry-go/integry/ui"
)

// The checks of the two bindings (web/npm/elements.js, web/npm/react.js)
// that need no browser: their types, their size, that they keep no copy of
// the core's palette, and that the core entry loads neither.

func webTool(t *testing.T, parts ...string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: runs node tools")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not on PATH")
	}
	p := filepath.Join(append([]string{repoRoot, "web", "node_modules"}, parts...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s is not installed; run make npm", filepath.Join(parts...))
	}
	return p
}

// A React app and a page with the elements type-check against react.d.ts
// and elements.d.ts; the misuses marked @ts-expect-error stay errors.
func TestBindingsTypeCheckExamples(t *testing.T) {
	browsertest.EngineIndependent(t)
	tsc := webTool(t, "typescript", "bin", "tsc")
	out, err := exec.Command("node", tsc, "-p", filepath.Join(repoRoot, "web", "npm", "test", "tsconfig.bindings.json")).CombinedOutput()
	if err != nil {
		t.Fatalf("tsc: %v\n%s", err, out)
	}
}

// bindingSizes are what each way in adds over the core bundle, minified
// (esbuild) and gzipped: the budgets the README's figures must stay under.
var bindingSizes = []struct {
	entry  string
	args   []string
	budget int // gzip bytes
}{
	{"elements.js", nil, 8 << 10},
	// react itself and the core (./index.js) are not counted.
	{"react.js", []string{"--external:react", "--external:./index.js"}, 6 << 10},
}

func TestBindingsSizes(t *testing.T) {
	browsertest.EngineIndependent(t)
	esbuild := webTool(t, "esbuild", "bin", "esbuild")
	for _, b := range bindingSizes {
		args := append([]string{filepath.Join(repoRoot, "web", "npm", b.entry), "--bundle", "--minify", "--format=esm", "--log-level=warning"}, b.args...)
		min, err := exec.Command(esbuild, args...).Output()
		if err != nil {
			t.Fatalf("esbuild %s: %v", b.entry, err)
		}
		var z bytes.Buffer
		w, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
		w.Write(min)
		w.Close()
		t.Logf("%s: %d B minified, %d B gzip -9", b.entry, len(min), z.Len())
		if z.Len() > b.budget {
			t.Errorf("%s adds %d B gzip over the core, over its budget of %d B", b.entry, z.Len(), b.budget)
		}
	}
}

// The palette and the strings are declared once, by the core (ui/theme.go,
// ui/i18n.go): no file of the bindings declares an --integry-* property or
// holds one of the core's strings that they draw, in any language, so none
// can drift from the core.
func TestBindingsKeepNoCopyOfTheCore(t *testing.T) {
	decl := regexp.MustCompile(`--integry-[a-z-]+\s*:`)
	for _, f := range []string{"bindings.js", "elements.js", "react.js"} {
		b, err := os.ReadFile(filepath.Join(repoRoot, "web", "npm", f))
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		if m := decl.FindAllString(src, -1); len(m) > 0 {
			t.Errorf("web/npm/%s declares %v: the palette belongs to ui/theme.go alone", f, m)
		}
		for _, lang := range ui.Languages() {
			s := ui.NewStrings(lang)
			for _, key := range []string{"connect_app", "connecting", "account_connected", "add_account_app", "cancel", "not_connected"} {
				if text := s.T(key); strings.Contains(src, `"`+text+`"`) {
					t.Errorf("web/npm/%s holds the core's %s %s %q", f, lang, key, text)
				}
			}
		}
	}
}

// loaderModule names the loader's own modules (web/loader/*.mjs).
var loaderModule = regexp.MustCompile(`^\./(errors|config|emitter|popup|transport|paging|args|surface|renderer|abi|contract)\.mjs$`)

// A page without React or the elements loads none of their code: the
// core entry and its loader import neither.
func TestCoreEntryLoadsNoBindings(t *testing.T) {
	browsertest.EngineIndependent(t)
	imports := regexp.MustCompile(`(?m)^\s*(?:import|export)\b[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']`)
	for _, f := range []string{"index.js", filepath.Join("..", "loader", "loader.mjs")} {
		src, err := os.ReadFile(filepath.Join(repoRoot, "web", "npm", f))
		if err != nil {
			t.Fatal(err)
		}
		found := imports.FindAllStringSubmatch(string(src), -1)
		if f == "index.js" && len(found) == 0 {
			t.Fatalf("no import found in %s: the check reads nothing", f)
		}
		for _, m := range found {
			// The loader's own modules and contract are part of the core (build.sh inlines them).
			if spec := m[1] + m[2]; spec != "./loader.mjs" && !loaderModule.MatchString(spec) {
				t.Errorf("%s imports %q; the core entry must load only the loader", f, spec)
			}
		}
	}
}
