//go:build !js

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/integry-go/integry/internal/contract"
)

// TestBundleCarriesGoContract: both loaders `make wasm` ships declare the
// contract exactly as Go prints it (internal/contract, [Methods]), before
// any code of the renderer or the loader; a stale or hand-edited bundle
// fails here. internal/contract's tests keep the sources from spelling a
// value themselves.
func TestBundleCarriesGoContract(t *testing.T) {
	var want []string
	for line := range strings.SplitSeq(strings.TrimSpace(contract.JS(Methods)), "\n") {
		if !strings.HasPrefix(line, "//") {
			want = append(want, strings.TrimPrefix(line, "export "))
		}
	}
	block := strings.Join(want, "\n") + "\n"
	dist := buildBundle(t)
	for _, f := range []string{"loader.mjs", "integry.js"} {
		b, err := os.ReadFile(filepath.Join(dist, f))
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		at := strings.Index(src, block)
		if at < 0 {
			t.Errorf("%s does not carry Go's contract:\n%s", f, block)
			continue
		}
		if fn := strings.Index(src, "function createRenderer"); fn < at {
			t.Errorf("%s declares the contract after code that uses it", f)
		}
		if strings.Count(src, `"`+contract.GlobalName+`"`) != 1 {
			t.Errorf("%s spells %q more than once", f, contract.GlobalName)
		}
	}
}
