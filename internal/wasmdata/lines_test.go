package wasmdata

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// buildPanicker builds testdata/panicker for js/wasm, as the bundle is
// built (-trimpath, -s -w), and merges its data segments.
func buildPanicker(t *testing.T) []byte {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a wasm program; skipped with -short")
	}
	out := filepath.Join(t.TempDir(), "panicker.wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, "./testdata/panicker")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("GOOS=js GOARCH=wasm go build: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	merged, _, err := Merge(b, DefaultMaxGap)
	if err != nil {
		t.Fatal(err)
	}
	return merged
}

// runGo runs a GOOS=js module in node with Go's runner and returns what it
// printed; the program is expected to die of its panic (exit status 2).
func runGo(t *testing.T, name string, module []byte) string {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not on PATH")
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(f, module, 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "go_js_wasm_exec"), f).CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("%s: want exit status 2 (a panic), got %v\n%s", name, err, out)
	}
	return string(out)
}

const modulePath = "github.com/integry-go/integry"

var lineNumber = regexp.MustCompile(`\.go:[0-9]+`)

// With function-level line tables the program runs the same, its collector
// scans the same stacks, and a panic prints the same traceback: the same
// message, functions, arguments, files and offsets. Only the lines change,
// each to the line its function begins on; runtime.Caller reports the
// same.
func TestFunctionLinesKeepsTheTraceback(t *testing.T) {
	merged := buildPanicker(t)
	lined, st, err := FunctionLines(merged)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", st)
	if st.Funcs < 1000 || st.Tables < st.Funcs || st.NewBytes <= 0 || st.NewBytes > st.OldBytes/4 {
		t.Errorf("stats %+v: want every function's tables rewritten, in far fewer bytes", st)
	}
	if len(lined) != len(merged) {
		t.Errorf("the module went from %d to %d bytes; want the same size", len(merged), len(lined))
	}
	want, got := runGo(t, "merged.wasm", merged), runGo(t, "lined.wasm", lined)
	t.Logf("traceback with function-level lines:\n%s", got)
	if lineNumber.ReplaceAllString(got, ".go:N") != lineNumber.ReplaceAllString(want, ".go:N") {
		t.Fatalf("apart from line numbers, the output changed:\n%s\nwant\n%s", got, want)
	}
	src, err := os.ReadFile("testdata/panicker/main.go")
	if err != nil {
		t.Fatal(err)
	}
	lineOf := func(text string) string { // the number of the line holding text
		i := strings.Index(string(src), text)
		return strconv.Itoa(strings.Count(string(src[:i]), "\n") + 1)
	}
	file := modulePath + "/internal/wasmdata/testdata/panicker/main.go:"
	inner, main, deref := lineOf("func inner"), lineOf("func main"), lineOf("return len(b.s)")
	for _, line := range []string{
		"caller: main.go:" + main + "\n",
		"collected, kept 100000\n", // the collections scanned every stack
		"recovered: runtime error: invalid memory address or nil pointer dereference\n",
		"panic: runtime error: invalid memory address or nil pointer dereference",
		"main.inner(0x3)\n\t" + file + inner + " +0x",
		"main.inner(0x0)\n\t" + file + inner + " +0x",
		"main.main()\n\t" + file + main + " +0x",
	} {
		if !strings.Contains(got, line) {
			t.Errorf("the output lacks %q", line)
		}
	}
	if !strings.Contains(want, file+deref+" +0x") {
		t.Errorf("the exact traceback should point at the dereference, line %s:\n%s", deref, want)
	}
}

// The SDK with function-level line tables and no unsafe-point tables, as
// make wasm ships it, still starts and publishes the same API.
func TestFunctionLinesOnTheSDK(t *testing.T) {
	linked := buildSDK(t)
	merged, _, err := Merge(linked, DefaultMaxGap)
	if err != nil {
		t.Fatal(err)
	}
	lined, st, err := FunctionLines(merged)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", st)
	if st.Funcs < 2000 || st.NewBytes > st.OldBytes/4 {
		t.Errorf("stats %+v", st)
	}
	shipped, st, err := DropUnsafePoints(lined)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", st)
	runInNode(t, linked, shipped)
}

// A module that is not a Go program is refused, and nothing is written.
func TestFunctionLinesRefusesOtherModules(t *testing.T) {
	for name, m := range map[string][]byte{
		"no data":         mod(memories(1)),
		"no pclntab":      mod(memories(1), dataSec(at(16, "hello"), at(64, "world"))),
		"imported memory": mod(importMemory(), dataSec(at(16, "hello"))),
		"passive segment": mod(memories(1), dataSec(passive("hello"))),
	} {
		out, _, err := FunctionLines(m)
		if !errors.Is(err, ErrUnsupported) || out != nil {
			t.Errorf("%s: got %v, %d bytes; want ErrUnsupported and nothing", name, err, len(out))
		}
	}
}

var frame = regexp.MustCompile(`(?m)^([^\s(]+)\(.*\)\n\t(\S+):([0-9]+) \+0x([0-9a-f]+)`)

// FileLine on the module before FunctionLines gives back every line of the
// exact traceback from what the function-level one prints: the function and
// the offset (the line of the call, at the offset before it).
func TestFileLineGivesBackTheLines(t *testing.T) {
	merged := buildPanicker(t)
	lined, _, err := FunctionLines(merged)
	if err != nil {
		t.Fatal(err)
	}
	exact, short := frame.FindAllStringSubmatch(runGo(t, "merged.wasm", merged), -1), frame.FindAllStringSubmatch(runGo(t, "lined.wasm", lined), -1)
	if len(exact) < 5 || len(exact) != len(short) {
		t.Fatalf("frames: %d exact, %d function-level", len(exact), len(short))
	}
	for i, f := range short {
		off, err := strconv.ParseUint(f[4], 16, 64)
		if err != nil || off == 0 {
			t.Fatalf("frame %q: offset %q", f[0], f[4])
		}
		file, line, err := FileLine(merged, f[1], off-1)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := file+":"+strconv.Itoa(line), exact[i][2]+":"+exact[i][3]; got != want {
			t.Errorf("%s+%#x: FileLine says %s, the exact traceback %s", f[1], off, got, want)
		}
	}
	if _, _, err := FileLine(merged, "main.nosuch", 0); err == nil {
		t.Error("FileLine found a function that does not exist")
	}
}

// Without its unsafe-point tables the program runs exactly as before: the
// same output, collections, recovered panic and traceback, with or without
// function-level lines.
func TestDropUnsafePointsChangesNothingAWasmProgramDoes(t *testing.T) {
	merged := buildPanicker(t)
	dropped, st, err := DropUnsafePoints(merged)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", st)
	if st.Tables < 100 || st.OldBytes <= 0 || st.NewBytes != 0 || len(dropped) != len(merged) {
		t.Errorf("stats %+v, %d → %d bytes: want tables dropped, nothing written, the same size", st, len(merged), len(dropped))
	}
	lined, _, err := FunctionLines(merged)
	if err != nil {
		t.Fatal(err)
	}
	both, _, err := DropUnsafePoints(lined)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := runGo(t, "dropped.wasm", dropped), runGo(t, "merged.wasm", merged); got != want {
		t.Errorf("without unsafe points the program printed\n%s\nwant\n%s", got, want)
	}
	if got, want := runGo(t, "both.wasm", both), runGo(t, "lined.wasm", lined); got != want {
		t.Errorf("with function-level lines and without unsafe points it printed\n%s\nwant\n%s", got, want)
	}
	if again, st2, err := DropUnsafePoints(dropped); err != nil || st2.Tables != 0 || !bytes.Equal(again, dropped) {
		t.Errorf("a second pass: %v, %+v; want nothing left to drop", err, st2)
	}
}

// What makes function-level lines enough for the SDK: nothing in it asks
// the runtime for a file, a line or a start line, so only a traceback
// prints one. A change that links one of these fails here, and must say in
// docs/bundle.md#line-tables what it does with the lines it gets. Nor does
// it link package reflect, the only reader of the type links make wasm
// drops (DropTypelinks).
func TestTheSDKAsksForNoLines(t *testing.T) {
	if testing.Short() {
		t.Skip("links the SDK's wasm; skipped with -short")
	}
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w -dumpdep", "-o", filepath.Join(t.TempDir(), "sdk.wasm"), "./wasm")
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%.2000s", err, out)
	}
	if !strings.Contains(string(out), "-> runtime.gopanic") {
		t.Fatalf("the linker's -dumpdep printed no dependency graph:\n%.2000s", out)
	}
	for _, fn := range []string{"runtime.Caller", "runtime.Callers", "runtime.CallersFrames", "runtime.FuncForPC", "runtime.(*Func).FileLine",
		"reflect.typelinks", "runtime.reflect_typelinks", "reflect.TypeOf"} { // the last three: DropTypelinks
		if strings.Contains(string(out), "-> "+fn+"\n") {
			t.Errorf("the SDK links %s", fn)
		}
	}
}

// Without its type links a program that does not use package reflect runs
// exactly as before; the SDK still starts and publishes the same API.
func TestDropTypelinksChangesNothingWithoutReflect(t *testing.T) {
	merged := buildPanicker(t)
	dropped, st, err := DropTypelinks(merged)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", st)
	if st.Tables < 50 || len(dropped) != len(merged) || bytes.Equal(dropped, merged) {
		t.Errorf("stats %+v: want type links dropped, the same size", st)
	}
	if got, want := runGo(t, "dropped.wasm", dropped), runGo(t, "merged.wasm", merged); got != want {
		t.Errorf("without type links the program printed\n%s\nwant\n%s", got, want)
	}
	if _, _, err := DropTypelinks(mod(memories(1), dataSec(at(16, "hello")))); !errors.Is(err, ErrUnsupported) {
		t.Errorf("a module without a pclntab: %v, want ErrUnsupported", err)
	}
	linked := buildSDK(t)
	sdk, _, err := Merge(linked, DefaultMaxGap)
	if err != nil {
		t.Fatal(err)
	}
	if sdk, _, err = DropTypelinks(sdk); err != nil {
		t.Fatal(err)
	}
	runInNode(t, linked, sdk)
}
