//go:build js && wasm

package main

import (
	"slices"

	"github.com/integry-go/integry/jsbridge"
	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/ui"
)

// main publishes the API object at globalThis.__integryWasm before it first
// blocks, so the object exists as soon as the loader's go.run() returns,
// then keeps the program alive.
func main() {
	for _, name := range Methods {
		if methods[name] == nil {
			panic("wasm: method " + name + " is in Methods but has no implementation")
		}
	}
	for name := range methods {
		if !slices.Contains(Methods, name) {
			panic("wasm: method " + name + " is implemented but missing from Methods")
		}
	}
	ui.Console = jsbridge.ConsoleError
	jsbridge.Export(GlobalName, jsbridge.Exports{
		Version: sdk.Version, Methods: Methods,
		Create: create, Call: call, Cancel: cancelCall, Destroy: destroy, Stats: stats,
		Warm: func() { ui.Warm(ui.BrowserDocument(), ui.NewStrings("en")) },
	})
	select {}
}
