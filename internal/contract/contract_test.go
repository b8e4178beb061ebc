package contract

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The loader's sources import the contract from contract.mjs, which the
// build writes from this package; these tests fail when a source spells a
// contract value itself, imports a name the contract lacks, or when the
// renderer leaves an operation unhandled. wasm/contract_test.go checks the
// built bundle.

var (
	importRE = regexp.MustCompile(`(?m)^import \{([^}]*)\} from "\./contract\.mjs";$`)
	caseRE   = regexp.MustCompile(`\bcase ([A-Za-z0-9_]+):`)
	constRE  = regexp.MustCompile(`(?m)^export const ([A-Z_]+) = (.+);$`)
)

func source(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "web", "loader", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// imported returns the names src imports from contract.mjs, checking each
// is declared and used.
func imported(t *testing.T, name, src string) []string {
	t.Helper()
	m := importRE.FindStringSubmatch(src)
	if m == nil {
		t.Fatalf("%s does not import the contract from ./contract.mjs on one line", name)
	}
	var names []string
	body := strings.Replace(src, m[0], "", 1)
	for n := range strings.SplitSeq(m[1], ",") {
		n = strings.TrimSpace(n)
		if !slices.Contains(Names(), n) {
			t.Errorf("%s imports %s, which the contract does not declare", name, n)
		}
		if !regexp.MustCompile(`\b` + n + `\b`).MatchString(body) {
			t.Errorf("%s imports %s but never uses it", name, n)
		}
		names = append(names, n)
	}
	return names
}

func TestRendererHandlesEveryOperationByName(t *testing.T) {
	src := source(t, "renderer.mjs")
	names := imported(t, "renderer.mjs", src)
	var handled []string
	for _, m := range caseRE.FindAllStringSubmatch(src, -1) {
		if !strings.HasPrefix(m[1], "OP_") && !strings.HasPrefix(m[1], "Q_") {
			t.Errorf("renderer.mjs has `case %s:`; an operation is named by its contract constant", m[1])
			continue
		}
		handled = append(handled, m[1])
	}
	for _, c := range constants() {
		if strings.HasPrefix(c.name, "OP_") || strings.HasPrefix(c.name, "Q_") {
			if !slices.Contains(handled, c.name) {
				t.Errorf("renderer.mjs has no case for %s (%s)", c.name, c.value)
			}
			if !slices.Contains(names, c.name) {
				t.Errorf("renderer.mjs does not import %s", c.name)
			}
		}
	}
	for _, bare := range []string{`=== "!"`, `=== "~"`, `op === 6`, `op === 7`, `op >= 20`} {
		if strings.Contains(src, bare) {
			t.Errorf("renderer.mjs spells %s; use the contract's name", bare)
		}
	}
}

// modules are the loader's sources besides the renderer (build.sh
// concatenates them all).
var modules = []string{"errors.mjs", "config.mjs", "emitter.mjs", "popup.mjs", "transport.mjs", "paging.mjs", "args.mjs", "surface.mjs", "abi.mjs", "loader.mjs"}

func TestLoaderSpellsNoContractValue(t *testing.T) {
	for _, name := range modules {
		src := source(t, name)
		if importRE.MatchString(src) {
			imported(t, name, src)
		}
		spellsNone(t, name, src)
	}
	if !importRE.MatchString(source(t, "loader.mjs")) {
		t.Error("loader.mjs does not import the contract")
	}
	entries, err := os.ReadDir(filepath.Join("..", "..", "web", "loader"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if n := e.Name(); strings.HasSuffix(n, ".mjs") && n != "renderer.mjs" && n != "contract.mjs" && !slices.Contains(modules, n) {
			t.Errorf("web/loader/%s is not checked here; add it to modules", n)
		}
	}
}

// spellsNone fails when src spells a contract value itself.
func spellsNone(t *testing.T, name, src string) {
	t.Helper()
	code := regexp.MustCompile(`(?m)^\s*//.*$`).ReplaceAllString(src, "") // comments may name values
	for _, v := range []string{`"` + GlobalName + `"`, `"` + FailTooLarge + `"`, `"` + FailNetwork + `"`} {
		if strings.Contains(code, v) {
			t.Errorf("%s spells %s; import it from contract.mjs", name, v)
		}
	}
	// "timeout" is also a config option's name: only a failure passed to
	// answer() is the contract's.
	if regexp.MustCompile(`"(` + FailTimeout + `|` + FailNetwork + `|` + FailTooLarge + `)"\s*\)`).MatchString(code) {
		t.Errorf("%s passes a failure code as a literal; use FAIL_*", name)
	}
	for _, n := range []string{"1024", "64", "65"} {
		if regexp.MustCompile(`[^\w.]` + n + `[^\w.]`).MatchString(code) {
			t.Errorf("%s has the number %s; the limits are MAX_ARGS and MAX_NAME_LENGTH", name, n)
		}
	}
}

func TestJSDeclaresEachValueOnce(t *testing.T) {
	js := JS([]string{"a", "b"})
	seen := map[string]string{}
	for _, m := range constRE.FindAllStringSubmatch(js, -1) {
		if _, dup := seen[m[1]]; dup {
			t.Errorf("%s is declared twice", m[1])
		}
		seen[m[1]] = m[2]
	}
	for _, c := range constants() {
		if seen[c.name] != c.value {
			t.Errorf("%s = %q in the module, want %q", c.name, seen[c.name], c.value)
		}
	}
	if seen["METHODS"] != `["a", "b"]` {
		t.Errorf("METHODS = %s", seen["METHODS"])
	}
	if seen["GLOBAL"] != `"__integryWasm"` || seen["OP_FREE"] != "13" || seen["FAIL_TOO_LARGE"] != `"too_large"` || seen["MAX_ARGS"] != "64" {
		t.Errorf("the module's values are not the contract's: %v", seen)
	}
	if len(seen) != len(Names()) {
		t.Errorf("the module declares %d names, Names lists %d", len(seen), len(Names()))
	}
}

// The browser's transport hands Go only the headers in AnswerHeaders
// (jsbridge/fetch_js.go): a header the SDK reads must be listed, or it
// would be missing in the browser alone.
func TestSDKReadsOnlyTheAnswerHeaders(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "sdk", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no sdk sources: %v", err)
	}
	read := regexp.MustCompile(`header\.Get\("([^"]+)"\)`)
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range read.FindAllStringSubmatch(string(b), -1) {
			found++
			if !slices.Contains(AnswerHeaders[:], m[1]) {
				t.Errorf("%s reads the header %s, which AnswerHeaders lacks", filepath.Base(f), m[1])
			}
		}
	}
	if found == 0 {
		t.Error("found no header read in sdk: the pattern no longer matches how it reads them")
	}
}

// Imports are jsbridge's go:wasmimport functions of ImportModule, all of
// them and in no other module: the loader supplies exactly these
// (web/loader/abi.mjs, integryImports), and a program that imports one
// more does not instantiate.
func TestImportsAreJSBridgesWasmImports(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "jsbridge", "imports_js.go"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range regexp.MustCompile(`(?m)^//go:wasmimport (\S+) (\S+)$`).FindAllStringSubmatch(string(b), -1) {
		if m[1] != ImportModule {
			t.Errorf("%s is imported from module %q, not %q", m[2], m[1], ImportModule)
		}
		got = append(got, m[2])
	}
	if !slices.Equal(got, Imports[:]) {
		t.Errorf("jsbridge/imports_js.go imports %v, contract.Imports says %v", got, Imports)
	}
	// The test runners' module (web/loader/runner.js) is named the same.
	if !strings.Contains(source(t, "runner.js"), `const MODULE = "`+ImportModule+`";`) {
		t.Errorf("web/loader/runner.js does not supply module %q", ImportModule)
	}
}
