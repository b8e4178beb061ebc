// Command wasm is the browser build of the Integry SDK: `make wasm` compiles it
// with GOOS=js GOARCH=wasm into web/dist/integry.wasm. It wires sdk and
// jsbridge (and ui) into the object the loader (web/loader, shipped as
// web/dist/integry.js and in the npm package) drives; pages never see it and
// use `new IntegryJS(config)` exactly as with @integry/sdk 4.9.37.
//
// # How a call travels
//
// main puts an internal API object at globalThis.__integryWasm (see api in
// api_js.go) before it first blocks, so it exists as soon as the loader's
// go.run() returns. The loader's IntegryJS class keeps a numeric handle per
// instance and forwards every method as
//
//	__integryWasm.call(handle, "invokeFunction", [name, params, id]) // → Promise
//
// call looks the method up in [methods], runs it synchronously in the
// JavaScript call (argument checks, window.open) and hands the work it
// returns to jsbridge.Promise, which runs it on a new goroutine with the
// instance's context. destroy() cancels that context with a destroyed cause:
// every pending promise rejects with code destroyed, handlers are removed,
// paginate() iterations stop. No js.Func is made per instance: the API
// object's functions are the only long-lived ones, so the live count returns
// to its baseline after any number of calls (see the leak test).
//
// # Adding methods from another file (the UI methods)
//
// Any file of package main (with the js && wasm build tag) adds a
// promise-returning method from an init function:
//
//	func init() { registerMethod("showFunctionUI", showFunctionUI) }
//
//	// showFunctionUI runs inside the JavaScript call: check args, touch the
//	// DOM, open a popup. Waiting happens only in the returned work.
//	func showFunctionUI(inst *instance, args []js.Value) (func(ctx context.Context) (any, error), error) {
//		a := jsbridge.Args(jsbridge.Values(args))
//		name, err := a.Name(0, "functionName") // invalid_argument if bad
//		if err != nil {
//			return nil, err // the promise rejects at once
//		}
//		return func(ctx context.Context) (any, error) {
//			f, err := inst.client.GetFunction(ctx, name, &sdk.GetFunctionOptions{IncludeMeta: true})
//			...
//			return json.RawMessage(values), nil // parsed by JSON.parse
//		}, nil
//	}
//
// What a method may use on *instance:
//
//   - inst.client: the *sdk.Client of this instance (ctx first; use the ctx
//     the work receives, which ends on destroy()).
//   - inst.ctx: the instance's root context, for things that outlive a call.
//   - inst.emitter: the *sdk.Emitter behind integry.eventEmitter; emit
//     modal-closed or did-render-function with
//     inst.emitter.Emit(sdk.EventModalClosed, jsbridge.SmallValue(x)) or with
//     any JSON-marshalable value.
//   - inst.cfg: the sdk.Config in force (lang, base URLs).
//   - inst.options: the config's options object, as JavaScript.
//   - inst.startConnect(appName): opens the connect popup synchronously (so
//     call it in the method itself, never in the work) and returns a
//     wait(ctx) to run in the work; it emits app-connected and returns the
//     *sdk.ConnectResult. This is what a "Connect {App}" button inside a form
//     uses; its click handler is itself a JavaScript call, so calling
//     startConnect there is fine too.
//
// Results: nil resolves undefined; a json.RawMessage is parsed with
// JSON.parse; a jsbridge.SmallValue crosses through vert; a safejs.Value is
// passed as it is; anything else is marshalled with encoding/json. Errors
// become IntegryError objects (name, code, status, details, message).
//
// The loader lists the method names IntegryJS exposes (METHODS in
// web/loader/loader.mjs); showFunctionUI, showFunction, showApps, showApp
// and showConnectedAccounts are already there, and a name with no
// registered method rejects with invalid_argument.
//
// # Tests
//
// The tests of this package are host-side (native go test): they build the
// bundle as `make wasm` does, serve it with a sandbox (sandboxtest) on one
// origin and drive headless Chromium with chromedp, popup blocking on:
//
//	go test ./wasm/                 # every method, events, loader, bad input, connect, leak,
//	                                # reliability, the fuzz lane (300 cases), a 20 s soak
//	go test -short ./wasm/          # the same without the 10,000-call leak test and the soak
//	make fuzz-browser; make soak    # the fuzz lane at length; the ten-minute soak
//
// They also type-check web/npm/index.d.ts with tsc, npm pack the package, and
// keep the error codes of index.d.ts equal to sdk.Codes().
//
// # Dependencies
//
// The build must not link net/http (about +2 MB gzip): deps_test.go checks
// `GOOS=js GOARCH=wasm go list -deps ./wasm`, and that sdk stays free of
// syscall/js, safejs, vert and net/http.
package main
