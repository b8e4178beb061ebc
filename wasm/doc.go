// Command wasm is the browser build of the Integry SDK: `make wasm` compiles
// it with GOOS=js GOARCH=wasm into web/dist/integry.wasm (its data segments
// merged by internal/wasmdata, docs/bundle.md). It wires sdk, jsbridge and
// ui into the object the loader (web/loader, shipped as web/dist/integry.js,
// loader.mjs and in the npm package) drives; pages never see it and use
// `new IntegryJS(config)` exactly as with @integry/sdk 4.9.37. Built for any
// other platform it only prints the loader contract (`go run ./wasm
// -contract`: internal/contract's constants and [Methods] as an ES module,
// which web/loader/build.sh writes into the loader).
//
// # How a call travels
//
// main checks that every name in [Methods] (contract.go, the one list) has
// an implementation and the reverse, then publishes the API object at
// globalThis.__integryWasm ([GlobalName], through jsbridge.Export) before
// it first blocks. The loader validates the config and keeps a numeric
// handle per instance: create(handle, config) makes the instance (an
// sdk.Client over jsbridge.Fetch, and its background verification, which
// emits ready or error), and every method is forwarded through the
// module's call export with numbers only, its arguments staying in the
// loader's frame (at most contract.MaxArgs of them, internal/contract;
// docs/design.md#abi):
//
//	integryCall(handle, callId, methodIndex, cancellable, argumentCount)
//
// call looks the method up and runs its synchronous part in the page's call:
// the argument checks (a bad argument rejects at once with
// invalid_argument) and what needs the user's gesture. What it returns runs
// with the call's context: a work on a goroutine of its own, a start (the
// hot invokeFunction and callFunction) without any, settling from the event
// that brings the answer. The result reaches the page through
// jsbridge.Resolve or jsbridge.Reject with the callId, and a panic anywhere
// becomes code internal. A call with an AbortSignal gets a context of its
// own, which the loader's cancel(handle, callId) ends. destroy(handle)
// cancels the instance's context with a destroyed cause (the loader has
// already rejected the pending promises on its side); a late result finds
// nothing to settle.
//
// # Adding a method
//
// Add its name to [Methods], and register it from an init function of any
// file of this package (with the js && wasm build tag):
//
//	func init() { registerMethod("getApp", getApp) }
//
//	// getApp runs inside the page's call: check the arguments, and do
//	// there whatever needs the click (none here). Waiting happens only in
//	// the work it returns.
//	func getApp(inst *instance, a jsbridge.Args) (work, error) {
//		name, err := a.Name(0, "appName") // invalid_argument when bad
//		if err != nil {
//			return nil, err // the promise rejects at once
//		}
//		return func(ctx context.Context) (any, error) {
//			app, err := inst.client.GetApp(ctx, name) // ctx ends on destroy() or the AbortSignal
//			if err != nil {
//				return nil, err
//			}
//			return appValue(app), nil
//		}, nil
//	}
//
// registerStart registers a method that never waits instead. What a method
// may use on *instance:
//
//   - inst.client: the *sdk.Client of this instance. Its emitter's
//     app-connected, app-disconnected, modal-closed and did-render-function
//     reach the page's eventEmitter (inst.emit, through jsbridge.Emit).
//   - inst.ctx, inst.cfg: the instance's root context and its sdk.Config.
//   - inst.uiEnv(): the ui.Env the widgets render with (the page's batched
//     document, the client, the emitter, the instance's own strings).
//   - inst.startConnect(appName): opens the connect popup now (so call it
//     synchronously, inside a click) and returns the wait that runs the
//     connect flow; the form's Connect button uses it. connectApp itself
//     receives the popup the loader opened in the page's click.
//
// Results convert as jsbridge.ToJS says: nil is undefined; strings, bools
// and numbers are themselves; an sdk.Doc the browser parsed is that same
// JavaScript value (response bodies never cross into Go and back);
// jsbridge.JSON text (jsbridge.Fields for a small payload, jsbridge.With
// for one around a held answer) and other Docs go through JSON.parse; a
// jsbridge.Value is itself. Errors become
// IntegryError objects (name, code, message, status, details).
//
// # Tests
//
// The tests of this package are host-side (native go test): they build the
// bundle as `make wasm` does (internal/browsertest.Bundle), serve it with a
// sandbox (sandboxtest) and drive headless Chromium with chromedp, popup
// blocking on:
//
//	go test ./wasm/                 # every method, events, loader, bad input, connect, leak,
//	                                # reliability, the fuzz lane (300 cases), a 20 s soak
//	go test -short ./wasm/          # the same without the 10,000-call leak test and the soak
//	make fuzz-browser; make soak    # the fuzz lane at length; the ten-minute soak
//
// They also type-check web/npm/index.d.ts with tsc (with web/node_modules:
// make npm), npm pack the package, and keep the error codes of index.d.ts
// equal to sdk.Codes().
//
// # Dependencies
//
// Everything this package links ships on every page. deps_test.go lists
// what the bundle may link (no net/http, net/url, encoding/json, fmt,
// reflect or os: docs/design.md#size), and checks that only jsbridge
// imports syscall/js.
package main
