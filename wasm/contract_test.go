//go:build !js

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/integry-go/integry/internal/contract"
)

// TestBundleCarriesGoContract: the ES module `make wasm` ships (loader.mjs)
// declares the contract exactly as Go prints it (internal/contract,
// [Methods]), before any code of the renderer or the loader, and the
// script-tag build (integry.js, the same module minified) carries every
// value of it: the global's name once, each method, each export of the
// module and each failure code. A stale or hand-edited bundle fails here.
// internal/contract's tests keep the sources from spelling a value
// themselves.
func TestBundleCarriesGoContract(t *testing.T) {
	var want []string
	for line := range strings.SplitSeq(strings.TrimSpace(contract.JS(Methods)), "\n") {
		if !strings.HasPrefix(line, "//") {
			want = append(want, strings.TrimPrefix(line, "export "))
		}
	}
	block := strings.Join(want, "\n") + "\n"
	dist := buildBundle(t)
	read := func(f string) string {
		b, err := os.ReadFile(filepath.Join(dist, f))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	src := read("loader.mjs")
	at := strings.Index(src, block)
	if at < 0 {
		t.Errorf("loader.mjs does not carry Go's contract:\n%s", block)
	} else if fn := strings.Index(src, "function createRenderer"); fn < at {
		t.Error("loader.mjs declares the contract after code that uses it")
	}
	for _, f := range []string{"loader.mjs", "integry.js"} {
		src := read(f)
		if strings.Count(src, `"`+contract.GlobalName+`"`) != 1 {
			t.Errorf("%s spells %q other than once", f, contract.GlobalName)
		}
		values := append([]string{contract.ExportCall, contract.ExportCancel, contract.ExportDestroy, contract.ExportRespond,
			contract.ExportDispatch, contract.ExportFlush, contract.FailTooLarge, contract.FailTimeout, contract.FailNetwork}, Methods...)
		for _, v := range values {
			if !strings.Contains(src, `"`+v+`"`) {
				t.Errorf("%s lacks the contract's %q", f, v)
			}
		}
	}
}
