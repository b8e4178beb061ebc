//go:build !js

package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/integry-go/integry/sdk"
)

var npmDir = filepath.Join("..", "web", "npm")

// The error codes JavaScript sees are listed twice: sdk.Codes() in Go and the
// IntegryErrorCode union in web/npm/index.d.ts. They must stay equal.
func TestErrorCodesMatchIndexDTS(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(npmDir, "index.d.ts"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)export type IntegryErrorCode =(.*?);`).FindSubmatch(b)
	if m == nil {
		t.Fatal("index.d.ts has no IntegryErrorCode union")
	}
	var inDTS []string
	for _, q := range regexp.MustCompile(`"([a-z_]+)"`).FindAllSubmatch(m[1], -1) {
		inDTS = append(inDTS, string(q[1]))
	}
	var inGo []string
	for _, c := range sdk.Codes() {
		inGo = append(inGo, string(c))
	}
	slices.Sort(inDTS)
	slices.Sort(inGo)
	if !slices.Equal(inDTS, inGo) {
		t.Errorf("error codes differ:\n  index.d.ts: %v\n  sdk.Codes(): %v", inDTS, inGo)
	}
}

func node(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH")
	}
	return p
}

// An app using the API as documented type-checks against index.d.ts, and
// the misuses marked @ts-expect-error stay errors.
func TestIndexDTSTypeChecksAnExample(t *testing.T) {
	nodeBin := node(t)
	tsc := filepath.Join("..", "web", "node_modules", "typescript", "bin", "tsc")
	if _, err := os.Stat(tsc); err != nil {
		t.Skip("typescript is not installed; run make npm")
	}
	out, err := exec.Command(nodeBin, tsc, "-p", filepath.Join(npmDir, "test", "tsconfig.json")).CombinedOutput()
	if err != nil {
		t.Fatalf("tsc: %v\n%s", err, out)
	}
}

// npm pack ships exactly the files whitelist, with the built bundle, and the
// entry imports without side effects, exporting IntegryJS and Helpers.
func TestNPMPackage(t *testing.T) {
	nodeBin := node(t)
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("npm is not on PATH")
	}
	dir := buildBundle(t)
	pkg := t.TempDir()
	for _, f := range []string{"package.json", "index.js", "index.d.ts", "README.md"} {
		copyFile(t, filepath.Join(npmDir, f), filepath.Join(pkg, f))
	}
	for _, f := range []string{"integry.wasm", "wasm_exec.js", "integry.js", "loader.mjs"} {
		copyFile(t, filepath.Join(dir, f), filepath.Join(pkg, f))
	}
	cmd := exec.Command(npm, "pack", "--json", "--loglevel=error", "--pack-destination", t.TempDir())
	cmd.Dir = pkg
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("npm pack: %v\n%s", err, out)
	}
	var packed []struct {
		Name  string `json:"name"`
		Files []struct {
			Path string `json:"path"`
		} `json:"files"`
	}
	if err := json.Unmarshal(out, &packed); err != nil || len(packed) != 1 {
		t.Fatalf("npm pack --json: %s (%v)", out, err)
	}
	var files []string
	for _, f := range packed[0].Files {
		files = append(files, f.Path)
	}
	slices.Sort(files)
	want := []string{"README.md", "index.d.ts", "index.js", "integry.js", "integry.wasm", "loader.mjs", "package.json", "wasm_exec.js"}
	if packed[0].Name != "integry-wasm" || !slices.Equal(files, want) {
		t.Errorf("npm pack: %s with %v, want integry-wasm with %v", packed[0].Name, files, want)
	}
	script := `globalThis.fetch = () => { throw new Error("fetched on import"); };
const m = await import(process.argv[1]);
const keys = Object.keys(m).sort().join(",");
if (keys !== "Helpers,IntegryJS,default,html") throw new Error("exports: " + keys);
if (m.default !== m.IntegryJS || m.IntegryJS.Helpers !== m.Helpers) throw new Error("IntegryJS, default and Helpers disagree");
if (m.IntegryJS.SDK_VERSION !== "` + testVersion(t) + `") throw new Error("SDK_VERSION " + m.IntegryJS.SDK_VERSION);
let threw = null;
try { new m.IntegryJS({}); } catch (e) { threw = e; }
if (!(threw instanceof TypeError) || !/appKey, hash, userId/.test(threw.message)) throw new Error("constructor: " + threw);
if (await m.IntegryJS.Helpers.getAuthHash("user-1", "secret") !== "1d16fd7e96e8a9681f283b8a251822ffdc71e2a5bda0c5267a044874fa21b82b") throw new Error("getAuthHash works without a window (WebCrypto)");
const i = new m.IntegryJS({appKey: "k", hash: "h", userId: "u"});
if (await i.getApp("slack").catch((e) => e.code) !== "internal") throw new Error("without a window, methods reject internal");`
	run := exec.Command(nodeBin, "--input-type=module", "-e", script, filepath.Join(pkg, "index.js"))
	if out, err := run.CombinedOutput(); err != nil {
		t.Errorf("importing the package in node: %v\n%s", err, out)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
