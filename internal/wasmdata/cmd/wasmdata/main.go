// Command wasmdata merges the data segments of a WebAssembly module (package
// wasmdata): runs of consecutive active segments whose gaps are at most
// -gap zero bytes become one segment each, with the same memory image.
//
//	go run ./internal/wasmdata/cmd/wasmdata [-gap 32] [-lines] [-drop-unsafe-points] [-drop-typelinks] [-o out.wasm] in.wasm
//
// With -lines it also reduces every function's file and line tables to the
// function's entry (wasmdata.FunctionLines). With -drop-unsafe-points it drops the async-preemption tables, which a wasm
// program never reads (wasmdata.DropUnsafePoints); with -drop-typelinks, the
// type-link table, which only package reflect reads (wasmdata.DropTypelinks).
//
// A traceback of a module built with -lines gets its exact lines back from
// the module as linked:
//
//	wasmdata -where bin/integry.linked.wasm < traceback.txt
//
// Without -o the input file is replaced (through a temporary file in the same
// folder, renamed over it). It prints one line: segments and data bytes before
// and after, and the time taken.
//
// With -exec it is a go test runner: it merges the test binary into a
// temporary folder and runs it with the given runner, so that the wasm tests
// run on merged modules, as the bundle ships:
//
//	GOOS=js GOARCH=wasm go test -exec="bin/wasmdata -exec $(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./jsbridge/...
//
// It also gives the runner the "integry" import module the program imports
// its hot host functions from (web/loader/runner.js, which the loader's
// place takes in a test): node preloads it (NODE_OPTIONS=--require), and
// wasmbrowsertest serves it after the wasm_exec.js of a GOROOT made for the
// run (GOROOT, which it reads its wasm_exec.js from).
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"go/build"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/integry-go/integry/internal/wasmdata"
	"github.com/integry-go/integry/web/loader"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "wasmdata:", err)
		}
		os.Exit(2)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("wasmdata", flag.ContinueOnError)
	fs.SetOutput(stderr)
	gap := fs.Int("gap", wasmdata.DefaultMaxGap, "fill gaps of at most `n` zero bytes (0: join only adjacent segments)")
	out := fs.String("o", "", "write to `file` instead of replacing the input")
	lines := fs.Bool("lines", false, "also reduce each function's file and line tables to its entry's (wasmdata.FunctionLines, docs/bundle.md#line-tables)")
	unsafePoints := fs.Bool("drop-unsafe-points", false, "also drop the async-preemption tables, which a wasm program never reads (wasmdata.DropUnsafePoints)")
	typelinks := fs.Bool("drop-typelinks", false, "also drop the type-link table, which only package reflect reads: for a program that does not link it (wasmdata.DropTypelinks)")
	where := fs.String("where", "", "read a traceback on stdin and print it with each frame's exact file:line, from `module` (one built without -lines, such as bin/integry.linked.wasm)")
	runner := fs.String("exec", "", "merge the module given as the first argument into a temporary folder and run `runner` on it with the other arguments")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: wasmdata [-gap n] [-lines] [-drop-unsafe-points] [-drop-typelinks] [-o out.wasm] in.wasm\n       wasmdata -where linked.wasm < traceback.txt")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *gap < 0 {
		return fmt.Errorf("-gap %d: want 0 or more", *gap)
	}
	if *where != "" {
		b, err := os.ReadFile(*where)
		if err != nil {
			return err
		}
		return exactLines(b, os.Stdin, stdout)
	}
	if *runner != "" && fs.NArg() > 0 {
		return execMerged(*runner, *gap, fs.Arg(0), fs.Args()[1:], stdout, stderr)
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("want exactly one input file")
	}
	in := fs.Arg(0)
	if *out == "" {
		*out = in
	}
	start := time.Now()
	b, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	merged, st, err := wasmdata.Merge(b, *gap)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	var lst, ust wasmdata.LineStats
	if *lines {
		if merged, lst, err = wasmdata.FunctionLines(merged); err != nil {
			return fmt.Errorf("%s: %w", in, err)
		}
	}
	if *unsafePoints {
		if merged, ust, err = wasmdata.DropUnsafePoints(merged); err != nil {
			return fmt.Errorf("%s: %w", in, err)
		}
	}
	var tst wasmdata.LineStats
	if *typelinks {
		if merged, tst, err = wasmdata.DropTypelinks(merged); err != nil {
			return fmt.Errorf("%s: %w", in, err)
		}
	}
	if err := writeFile(*out, merged); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wasmdata: %s: %d → %d data segments, data section %d → %d bytes (%d zero bytes filled), %d → %d bytes",
		filepath.Base(*out), st.Before, st.After, st.DataBefore, st.DataAfter, st.ZeroFill, len(b), len(merged))
	if *lines {
		fmt.Fprintf(stdout, "; line tables of %d functions: %d table bytes → %d", lst.Funcs, lst.OldBytes, lst.NewBytes)
	}
	if *unsafePoints {
		fmt.Fprintf(stdout, "; %d unsafe-point tables dropped (%d bytes)", ust.Tables, ust.OldBytes)
	}
	if *typelinks {
		fmt.Fprintf(stdout, "; %d type links dropped", tst.Tables)
	}
	fmt.Fprintf(stdout, ", in %v\n", time.Since(start).Round(time.Millisecond))
	return nil
}

// exactLines copies a Go traceback from in to out, with the file:line of
// each frame looked up in module by the frame's function and offset: the
// lines a module built with -lines leaves out (docs/bundle.md#line-tables).
// A frame it cannot look up is copied as it is.
func exactLines(module []byte, in io.Reader, out io.Writer) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(nil, 1<<20)
	fn := ""
	for sc.Scan() {
		line := sc.Text()
		if m := framePos.FindStringSubmatch(line); m != nil && fn != "" {
			off, _ := strconv.ParseUint(m[2], 16, 64)
			if off > 0 {
				off-- // the call (Go's traceback looks up pc-1 for every frame)
			}
			if file, n, err := wasmdata.FileLine(module, fn, off); err == nil {
				line = "\t" + file + ":" + strconv.Itoa(n) + " +0x" + m[2]
			}
		}
		fn = ""
		if name, ok := strings.CutPrefix(line, "created by "); ok {
			fn, _, _ = strings.Cut(name, " in goroutine")
		} else if i := strings.LastIndexByte(line, '('); i > 0 && !strings.HasPrefix(line, "\t") {
			fn = line[:i]
			if fn == "panic" {
				fn = "runtime.gopanic" // how a traceback names it
			}
		}
		if _, err := fmt.Fprintln(out, line); err != nil {
			return err
		}
	}
	return sc.Err()
}

// framePos is a traceback's position line: a tab, file:line, the offset.
var framePos = regexp.MustCompile(`^\t(\S+:[0-9]+) \+0x([0-9a-f]+)`)

// execMerged merges module into a temporary folder, under the same name,
// and runs runner on it with args; the runner's exit code becomes ours.
func execMerged(runner string, gap int, module string, args []string, stdout, stderr io.Writer) error {
	b, err := os.ReadFile(module)
	if err != nil {
		return err
	}
	merged, _, err := wasmdata.Merge(b, gap)
	if err != nil {
		return fmt.Errorf("%s: %w", module, err)
	}
	dir, err := os.MkdirTemp("", "wasmdata-exec-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	name := filepath.Join(dir, filepath.Base(module))
	if err := os.WriteFile(name, merged, 0o755); err != nil {
		return err
	}
	env, err := runnerEnv(dir)
	if err != nil {
		return err
	}
	cmd := exec.Command(runner, append([]string{name}, args...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, stderr
	cmd.Env = append(os.Environ(), env...)
	err = cmd.Run()
	if exit, ok := errors.AsType[*exec.ExitError](err); ok {
		os.RemoveAll(dir)
		os.Exit(exit.ExitCode())
	}
	return err
}

// runnerEnv writes, into dir, the "integry" import module for the runner
// (loader.Runner) and returns the environment that has node preload it and
// wasmbrowsertest serve it: a GOROOT whose lib/wasm/wasm_exec.js is Go's
// followed by it.
func runnerEnv(dir string) ([]string, error) {
	script := filepath.Join(dir, "integry-imports.js")
	if err := os.WriteFile(script, []byte(loader.Runner), 0o644); err != nil {
		return nil, err
	}
	glue, err := os.ReadFile(filepath.Join(build.Default.GOROOT, "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return nil, err
	}
	root := filepath.Join(dir, "goroot")
	if err := os.MkdirAll(filepath.Join(root, "lib", "wasm"), 0o755); err != nil {
		return nil, err
	}
	glue = append(append(glue, '\n'), loader.Runner...)
	if err := os.WriteFile(filepath.Join(root, "lib", "wasm", "wasm_exec.js"), glue, 0o644); err != nil {
		return nil, err
	}
	opts := strings.TrimSpace(os.Getenv("NODE_OPTIONS") + " --require=" + script)
	return []string{"NODE_OPTIONS=" + opts, "GOROOT=" + root}, nil
}

// writeFile writes b to a temporary file beside name, then renames it over
// name, so a failed write never leaves half a module behind.
func writeFile(name string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".wasmdata-*")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
