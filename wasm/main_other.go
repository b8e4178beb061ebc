//go:build !(js && wasm)

package main

import (
	"os"

	"github.com/integry-go/integry/internal/contract"
)

// main prints the loader contract with -contract (web/loader/build.sh writes
// it into the loader: internal/contract's constants and [Methods], as the
// ES module web/loader/contract.mjs), and otherwise explains that this
// program only runs in a browser.
func main() {
	if len(os.Args) == 2 && os.Args[1] == "-contract" {
		os.Stdout.WriteString(contract.JS(Methods))
		return
	}
	os.Stderr.WriteString("integry-wasm: build with GOOS=js GOARCH=wasm (make wasm) and load web/dist/integry.js in a page\n")
	os.Exit(2)
}
