//go:build js && wasm

package jsbridge

import (
	"syscall/js"
	"testing"
)

// The cost of one crossing of each kind (docs/design.md#crossing-costs):
//
//	make tools && go build -o bin/ ./internal/wasmdata/cmd/wasmdata &&
//	  GOOS=js GOARCH=wasm go test -run - -bench Crossing \
//	    -exec "$PWD/bin/wasmdata -exec $PWD/bin/wasmbrowsertest" ./jsbridge
//
// runs them in Chromium; with -exec "$PWD/bin/wasmdata -exec $(go env
// GOROOT)/lib/wasm/go_js_wasm_exec", in node. (wasmdata -exec supplies the
// "integry" import module the program needs: web/loader/runner.js.)

func crossingProbe(b *testing.B) js.Value {
	return js.Global().Get("Function").New(`return {n: 1, o: {}, s: "connected_account_id", f: () => {}, call: (g) => g()}`).Invoke()
}

func BenchmarkCrossingGetNumber(b *testing.B) {
	p := crossingProbe(b)
	for b.Loop() {
		_ = p.Get("n").Int()
	}
}

func BenchmarkCrossingGetObject(b *testing.B) {
	p := crossingProbe(b)
	for b.Loop() {
		_ = p.Get("o") // a js.Value with a finalizer
	}
}

func BenchmarkCrossingGetString(b *testing.B) {
	p := crossingProbe(b)
	for b.Loop() {
		_ = p.Get("s").String()
	}
}

func BenchmarkCrossingInvokeNumbers(b *testing.B) {
	f := crossingProbe(b).Get("f")
	for b.Loop() {
		f.Invoke(1, 2)
	}
}

func BenchmarkCrossingInvokeString(b *testing.B) {
	f := crossingProbe(b).Get("f")
	for b.Loop() {
		f.Invoke("connected_account_id")
	}
}

// An event: JavaScript calling a js.FuncOf (here from inside Go's call,
// as a listener the renderer fires synchronously is called).
func BenchmarkCrossingFuncOfEvent(b *testing.B) {
	p := crossingProbe(b)
	g := js.FuncOf(func(js.Value, []js.Value) any { return nil })
	defer g.Release()
	call := p.Get("call")
	for b.Loop() {
		call.Invoke(g)
	}
}

// The ABI's crossings (docs/design.md#abi).

// An entry: JavaScript calling one of the module's exports (flush, with
// nothing queued), as the loader does for a call, an answer or an event.
func BenchmarkCrossingExportEntry(b *testing.B) {
	installABI(b)
	loop := js.Global().Get("Function").New("n", `for (let i = 0; i < n; i++) testBridge.flush();`)
	b.ResetTimer()
	loop.Invoke(b.N)
}

// A string argument read from the frame through the buffer.
func BenchmarkCrossingFrameText(b *testing.B) {
	argsOf(b, js.ValueOf("connected_account_id"))
	for b.Loop() {
		_, _ = frameText(0, MaxNameLength)
	}
}

// A member of a held body read as text: valGet (which answers the kind
// too), then valText.
func BenchmarkCrossingHeldGetText(b *testing.B) {
	argsOf(b, js.Global().Get("JSON").Call("parse", `{"network_code":"200","output":{}}`))
	packed := int(hostFrameHold(0))
	root := packed >> 4
	d := heldOf(packed, root, nil)
	i := 0
	for b.Loop() {
		_ = d.Get("network_code").Text()
		if i++; i%1000 == 0 { // what one answer reads is dropped with it
			release(root)
			packed = int(hostFrameHold(0))
			root = packed >> 4
			d = heldOf(packed, root, nil)
		}
	}
	release(root)
}
