// Package jsbridge is where Go meets JavaScript: the only package that
// imports [syscall/js] (a test in package wasm keeps it so). Everything here
// is built for GOOS=js GOARCH=wasm only. The contract it implements, between
// the loader (web/loader/loader.mjs) and Go, is docs/design.md#bridge.
//
// # One object each way, and the module's exports
//
// [Export] publishes one object, globalThis.__integryWasm (GlobalName in
// internal/contract, which declares the whole loader contract), whose
// functions live as long as the program: version and methods (the loader
// refuses a wasm whose either differs from its own); create, stats and
// warm, which package wasm provides in [Exports]; init (the host
// functions, below) and crash (a test hook that ends the program on
// purpose). What happens per call, per answer and per DOM event enters Go
// through the module's go:wasmexport functions instead (abi_js.go): call,
// cancel, destroy, respond (a request's answer), dispatch (an event for a
// Go listener) and flush (the DOM operations queued outside a listener),
// with numbers only. No js.Func is made per call, per request or per
// listener, and each entry recovers its panics: a bug is reported on the
// console, never thrown into the page.
//
// init hands Go the loader's host functions: settle (a call's promise),
// error (the IntegryError, made by the loader so that its stack is the
// page's), emit (an instance's event), request and abort (the loader's
// XMLHttpRequest), render (DOM operations, at once), later (a timer, two
// animation frames, or a flush soon), message (window message events on or
// off) and popup (the connect window, opened in the page's click), and
// the ABI's (web/loader/abi.mjs): the string buffer, the frame's readers
// and the values held by number (docs/design.md#abi).
//
// # Calls and results
//
// The loader calls the call export with the instance's handle, the call's
// id, the method's index and the argument count; the arguments stay in the
// loader's frame, at most contract.MaxArgs of them (the loader passes one
// more, so Go can refuse too many). Package wasm checks them there and then
// and starts the method's work, and the result goes back through [Resolve]
// or [Reject] with the callId: one crossing in, one out. [ToJS] converts a
// result: primitives as themselves, an [sdk.Doc] the browser parsed as that
// same JavaScript value (response bodies never cross into Go and back,
// docs/design.md#bodies), [JSON] text and other Docs through JSON.parse.
// [Emit] sends an event, [ErrorValue] makes the IntegryError of a Go error
// (name, stable code, message, status, details, and the thrown JavaScript
// value as cause), and [Recover] turns a panic into code internal: the Go
// program never exits while the page lives.
//
// # Reading the page's values
//
// A value from the page can be hostile: a Proxy whose traps throw, a
// getter, a BigInt (on which syscall/js panics), a cycle. Every raw
// syscall/js call is in js_js.go, inside a recover; values the page made
// are read with peek (Reflect.get, dropping whatever it throws). [Args]
// reads a call's arguments from the loader's frame, where the loader
// computes what Go asks (a kind, a string, a JSON.stringify) inside a try,
// and each reader ([Args.Name],
// [Args.OptString], [Args.Text], [Args.AccountID], [Args.Object],
// [Args.Bool], [Args.Member]) rejects what it does not expect with an
// invalid_argument error that names the argument, within [MaxNameLength]
// and [MaxJSONLength]. An object crosses as its JSON text, one
// JSON.stringify whatever its size. [Value] lets packages above hold a
// JavaScript value without seeing syscall/js.
//
// # The browser adapters
//
//   - [Fetch] is the [sdk.Transport] over the loader's request function:
//     Start sends and calls back from respond without a goroutine waiting;
//     Do blocks (on a goroutine of its own). The body stays in JavaScript,
//     held by the loader and read by number as an [sdk.Doc], unless the
//     request reads it whole. The loader sends no cookies and enforces the
//     timeout.
//   - [Popup] is the [sdk.Popup] over the window the loader opened
//     ([AdoptPopup], [OpenPopup]); [Messages] delivers window message
//     events while a connect flow runs, FromPopup set when event.source is
//     the popup.
//   - The DOM channel carries package ui's batched document: [SetDOMFlush]
//     installs its flush, [Render] applies operations at once and returns
//     the answers to their queries, [FlushSoon] asks for a flush once Go
//     yields, [ListenDOM] and [Later] register listeners and timers that
//     dispatch runs on the event loop, and [Unlisten] forgets one.
//     docs/design.md#rendering describes the operations.
//   - [MatchPattern] tests a form field's pattern with the browser's RegExp,
//     so the bundle links no Go regexp.
//
// # The one rule: never wait on a callback
//
// A Go function called from JavaScript runs on the event loop. If it waits
// for anything JavaScript must deliver (an answer, a timer, an event), the
// program deadlocks and exits (docs/design.md#deadlock-rule). So entry
// points check, start and return, listeners do their DOM work synchronously,
// and waiting happens on goroutines. Synchronous browser work is fine there
// and sometimes required: [OpenPopup] must run inside the user's click.
//
// # Leaks
//
// [LiveCallbacks] counts the Go functions JavaScript can call: the API
// object's entries plus every registered listener and timer. The leak tests
// in package wasm check that it returns to its baseline after thousands of
// calls, renders and connects.
//
// # Tests
//
//	make test-wasm-node      # GOOS=js tests of jsbridge, ui and wasm under node
//	make test-wasm-browser   # the same in Chromium (wasmbrowsertest)
//
// Both lanes run each test binary with its data segments merged, as the
// bundle ships, and give it the "integry" import module it imports its hot
// host functions from (imports_js.go): `bin/wasmdata -exec RUNNER` does
// both, with web/loader/runner.js, which forwards to the functions a test
// installs (globalThis.integryTestImports). A plain go_js_wasm_exec or
// wasmbrowsertest cannot start these binaries. The tests install the host functions they need (a fake
// request that answers through respond, for Fetch); real pages are tested
// from the host side in package wasm (headless Chromium against the
// sandbox).
package jsbridge
