//go:build !js

package e2e

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/json"
	"maps"
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
// that need no browser: their types, their size, the palette they share
// with the core, and that the core entry loads neither.

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

// The palette the bindings put on :root (bindings.js PALETTE) is the one
// the core's widgets declare (ui/theme.go), light and dark.
func TestHostPaletteMatchesTheCore(t *testing.T) {
	browsertest.EngineIndependent(t)
	webTool(t)
	out, err := exec.Command("node", "--input-type=module", "-e",
		`const m = await import(process.argv[1]); console.log(JSON.stringify(m.PALETTE))`,
		filepath.Join(repoRoot, "web", "npm", "bindings.js")).Output()
	if err != nil {
		t.Fatalf("reading PALETTE: %v", err)
	}
	var ours struct{ Light, Dark map[string]string }
	if err := json.Unmarshal(out, &ours); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(repoRoot, "ui", "theme.go"))
	if err != nil {
		t.Fatal(err)
	}
	css := string(src)
	dark := strings.Index(css, "@media (prefers-color-scheme: dark)")
	if dark < 0 {
		t.Fatal("ui/theme.go has no dark block")
	}
	decl := regexp.MustCompile(`--integry-([a-z-]+):\s*([^;]+);`)
	read := func(s string) map[string]string {
		m := map[string]string{}
		block := s[strings.Index(s, ":where(:root) {"):]
		block = block[:strings.Index(block, "}")]
		for _, d := range decl.FindAllStringSubmatch(block, -1) {
			m[d[1]] = strings.TrimSpace(d[2])
		}
		return m
	}
	core := map[string]map[string]string{"light": read(css[:dark]), "dark": read(css[dark:])}
	for scheme, m := range map[string]map[string]string{"light": ours.Light, "dark": ours.Dark} {
		if len(core[scheme]) == 0 || !maps.Equal(m, core[scheme]) {
			t.Errorf("%s palette:\n  bindings.js %v\n  ui/theme.go %v", scheme, m, core[scheme])
		}
	}
}

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
			// The loader's own renderer, ABI and contract are part of the core (build.sh inlines them).
			if spec := m[1] + m[2]; spec != "./loader.mjs" && spec != "./renderer.mjs" && spec != "./abi.mjs" && spec != "./contract.mjs" {
				t.Errorf("%s imports %q; the core entry must load only the loader", f, spec)
			}
		}
	}
}

// The strings the bindings draw themselves (bindings.js STRINGS) are the
// core's (ui/i18n.go), in each of its languages, so an element or a React
// component says what the core's widget would; the bindings' own key
// (add_account_app) exists in every language.
func TestBindingStringsAreTheCore(t *testing.T) {
	browsertest.EngineIndependent(t)
	webTool(t)
	out, err := exec.Command("node", "--input-type=module", "-e",
		`const m = await import(process.argv[1]); console.log(JSON.stringify(m.STRINGS))`,
		filepath.Join(repoRoot, "web", "npm", "bindings.js")).Output()
	if err != nil {
		t.Fatalf("reading STRINGS: %v", err)
	}
	var ours map[string]map[string]string
	if err := json.Unmarshal(out, &ours); err != nil {
		t.Fatal(err)
	}
	core := map[string]string{"accounts": "accounts_title", "app_connected": "account_connected"}
	for _, lang := range ui.Languages() {
		table, ok := ours[lang]
		if !ok {
			t.Errorf("bindings.js has no %s strings", lang)
			continue
		}
		s := ui.NewStrings(lang)
		for key, got := range table {
			if key == "add_account_app" {
				continue
			}
			want := s.T(cmp.Or(core[key], key))
			if key == "app_connected" {
				want = strings.TrimRight(want, ".。")
			}
			if got != want {
				t.Errorf("%s %s: bindings.js %q, the core %q", lang, key, got, want)
			}
		}
		if len(table) != len(ours["en"]) || table["add_account_app"] == "" {
			t.Errorf("%s: %d strings, English has %d", lang, len(table), len(ours["en"]))
		}
	}
	// A connect label speaks the instance's language, as React's
	// ConnectButton and the elements ask for it.
	out, err = exec.Command("node", "--input-type=module", "-e", `const m = await import(process.argv[1]);
	  const st = {app: {title: "Slack", connected_accounts: []}};
	  console.log(JSON.stringify([m.connectLabel(m.instanceLang({_config: {lang: "es"}}), "slack", st),
	    m.connectLabel(m.instanceLang({_config: {lang: "pt"}}), "slack", {...st, busy: "connect"}),
	    m.connectLabel(m.instanceLang({}) || "en", "slack", st)]))`,
		filepath.Join(repoRoot, "web", "npm", "bindings.js")).Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(out)); got != `["Conectar Slack","Conectando Slack…","Connect Slack"]` {
		t.Errorf("connect labels by instance language: %s", got)
	}
}
