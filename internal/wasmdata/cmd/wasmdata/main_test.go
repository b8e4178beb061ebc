package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/integry-go/integry/internal/wasmdata"
)

// module is a memory and two adjacent active segments (0:"ab", 2:"cd").
var module = []byte("\x00asm\x01\x00\x00\x00" +
	"\x05\x03\x01\x00\x01" + // memory section: one memory, min 1 page
	"\x0b\x0f\x02" + "\x00\x41\x00\x0b\x02ab" + "\x00\x41\x02\x0b\x02cd") // data section

func TestWritesTheMergedModule(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.wasm"), filepath.Join(dir, "out.wasm")
	os.WriteFile(in, module, 0o644)
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-o", out, in}, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	want, _, _ := wasmdata.Merge(module, wasmdata.DefaultMaxGap)
	if got, _ := os.ReadFile(out); !bytes.Equal(got, want) || bytes.Equal(got, module) {
		t.Fatalf("wrote %x, want %x", got, want)
	}
	if got, _ := os.ReadFile(in); !bytes.Equal(got, module) {
		t.Fatal("the input changed although -o was given")
	}
	if !strings.Contains(stdout.String(), "2 → 1 data segments") {
		t.Errorf("printed %q", stdout.String())
	}

	// Without -o the input is replaced, and no temporary file stays behind.
	if err := run([]string{in}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(in); !bytes.Equal(got, want) {
		t.Fatal("the input was not replaced")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Fatalf("the folder holds %d files, want 2", len(entries))
	}
}

func TestRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.wasm")
	os.WriteFile(bad, []byte("not wasm"), 0o644)
	for _, args := range [][]string{{bad}, {filepath.Join(dir, "missing.wasm")}, {}, {"-gap", "-1", bad}} {
		var stdout, stderr bytes.Buffer
		if err := run(args, &stdout, &stderr); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
	if got, _ := os.ReadFile(bad); string(got) != "not wasm" {
		t.Error("a refused input was rewritten")
	}
	var stdout, stderr bytes.Buffer
	if err := run([]string{bad}, &stdout, &stderr); !errors.Is(err, wasmdata.ErrMalformed) {
		t.Errorf("error %v, want ErrMalformed", err)
	}
}

// -lines writes a module whose traceback has function-level lines, and
// -where, given the module built without it, puts the exact lines back.
func TestWhereRestoresTheTraceback(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a wasm program; skipped with -short")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not on PATH")
	}
	dir := t.TempDir()
	linked, lined := filepath.Join(dir, "linked.wasm"), filepath.Join(dir, "lined.wasm")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", linked, "../../testdata/panicker")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-lines", "-o", lined, linked}, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "line tables of") {
		t.Errorf("printed %q", stdout.String())
	}
	goroot, _ := exec.Command("go", "env", "GOROOT").Output()
	runner := filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "go_js_wasm_exec")
	traceback := func(module string) string {
		out, _ := exec.Command(runner, module).CombinedOutput() // exits 2: the panic
		_, tb, ok := strings.Cut(string(out), "goroutine 1 [running]:")
		if !ok {
			t.Fatalf("%s printed no traceback:\n%s", module, out)
		}
		return tb
	}
	exact, short := traceback(linked), traceback(lined)
	if exact == short {
		t.Fatal("-lines left the traceback's lines as they were")
	}
	b, err := os.ReadFile(linked)
	if err != nil {
		t.Fatal(err)
	}
	var restored bytes.Buffer
	if err := exactLines(b, strings.NewReader(strings.TrimPrefix(short, "\n")), &restored); err != nil {
		t.Fatal(err)
	}
	if got := restored.String(); got != strings.TrimPrefix(exact, "\n") {
		t.Errorf("-where gave\n%s\nwant\n%s", got, exact)
	}
}
