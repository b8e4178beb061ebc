//go:build !(js && wasm)

package main

import (
	"os"
	"strings"

	"github.com/integry-go/integry/internal/jsonx"
)

// main prints the loader contract with -contract (web/loader/build.sh writes
// it into the loader), and otherwise explains that this program only runs in
// a browser.
func main() {
	if len(os.Args) == 2 && os.Args[1] == "-contract" {
		os.Stdout.WriteString(contractJSON() + "\n")
		return
	}
	os.Stderr.WriteString("integry-wasm: build with GOOS=js GOARCH=wasm (make wasm) and load web/dist/integry.js in a page\n")
	os.Exit(2)
}

// contractJSON is the method list as a JSON array.
func contractJSON() string {
	quoted := make([]string, len(Methods))
	for i, m := range Methods {
		quoted[i] = jsonx.Quote(m)
	}
	return "[" + strings.Join(quoted, ",") + "]"
}
