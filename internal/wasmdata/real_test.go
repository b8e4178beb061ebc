package wasmdata

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/integry-go/integry/web/loader"
)

// buildSDK builds the SDK's wasm as `make wasm` does, before the merge.
func buildSDK(t *testing.T) []byte {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the SDK's wasm; skipped with -short")
	}
	out := filepath.Join(t.TempDir(), "integry.wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, "./wasm")
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("GOOS=js GOARCH=wasm go build ./wasm: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The SDK as Go links it: tens of thousands of segments become a few
// hundred, the memory image is the same, and every other section is the
// same bytes.
func TestMergeTheSDKKeepsItsMemoryImage(t *testing.T) {
	linked := buildSDK(t)
	merged, st, err := Merge(linked, DefaultMaxGap)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d → %d segments, data section %d → %d bytes, %d zero bytes filled", st.Before, st.After, st.DataBefore, st.DataAfter, st.ZeroFill)
	if st.Before < 10000 || st.After > st.Before/100 || st.Placeholders != 0 {
		t.Errorf("stats %+v: want far fewer segments, no placeholders", st)
	}
	sameImage(t, linked, merged)

	a, err := Parse(linked)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse(merged)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Sections) != len(b.Sections) {
		t.Fatalf("%d sections before, %d after", len(a.Sections), len(b.Sections))
	}
	for i, s := range a.Sections {
		if s.ID != b.Sections[i].ID {
			t.Fatalf("section %d: ID %d before, %d after", i, s.ID, b.Sections[i].ID)
		}
		if s.ID != SectionData && !bytes.Equal(s.Raw, b.Sections[i].Raw) {
			t.Errorf("section %d (ID %d %s) changed", i, s.ID, s.Name())
		}
	}
	runInNode(t, linked, merged)
}

// startJS compiles a module with WebAssembly.Module (which validates it),
// runs it with Go's wasm_exec.js, and prints each global the program added
// with its keys, once its main has blocked.
const startJS = `
const fs = require("fs");
require(process.argv[2]);
(async () => {
  const before = new Set(Object.keys(globalThis));
  const module = new WebAssembly.Module(fs.readFileSync(process.argv[3]));
  const go = new Go();
  go.run(await WebAssembly.instantiate(module, go.importObject));
  const added = Object.keys(globalThis).filter((k) => !before.has(k) && k !== "Go");
  for (const k of added.sort()) console.log(k + ": " + Object.keys(globalThis[k]).sort().join(" "));
  process.exit(0);
})().catch((err) => { console.error(String(err)); process.exit(1); });
`

// runInNode starts both modules in node: each must validate and start, and
// the program must publish the same API from both.
func runInNode(t *testing.T, linked, merged []byte) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH")
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	glue := filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js")
	dir := t.TempDir()
	script := filepath.Join(dir, "start.js")
	if err := os.WriteFile(script, []byte(startJS), 0o644); err != nil {
		t.Fatal(err)
	}
	// The SDK imports its hot host functions from the "integry" module,
	// which the test runners' script supplies (web/loader/runner.js).
	imports := filepath.Join(dir, "integry-imports.js")
	if err := os.WriteFile(imports, []byte(loader.Runner), 0o644); err != nil {
		t.Fatal(err)
	}
	start := func(name string, module []byte) string {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, module, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(node, "--require", imports, script, glue, f).CombinedOutput()
		if err != nil {
			t.Fatalf("node, %s: %v\n%s", name, err, out)
		}
		return string(out)
	}
	want, got := start("linked.wasm", linked), start("merged.wasm", merged)
	if got != want || !strings.Contains(got, ": ") {
		t.Fatalf("the merged module published\n%s\nthe linked one\n%s", got, want)
	}
	t.Logf("both published %s", strings.TrimSpace(got))
}
