//go:build js && wasm

package main

import (
	"github.com/integry-go/integry/jsbridge"
)

// main publishes the API object at globalThis.__integryWasm before it first
// blocks, so the object exists as soon as the loader's go.run() returns,
// then keeps the program alive.
func main() {
	obj, err := api()
	if err != nil {
		jsbridge.ConsoleError("integry: cannot start:", err.Error())
		return
	}
	if err := jsbridge.Global().Set(GlobalName, obj); err != nil {
		jsbridge.ConsoleError("integry: cannot start:", err.Error())
		return
	}
	select {}
}
