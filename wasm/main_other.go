//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// main explains that this program only runs in a browser.
func main() {
	fmt.Fprintln(os.Stderr, "integry-wasm: build with GOOS=js GOARCH=wasm (make wasm) and load web/dist/integry.js in a page")
	os.Exit(2)
}
