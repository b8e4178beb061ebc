// Package jsbridge is where Go meets JavaScript: the only package (with the
// thin wasm main) that touches [syscall/js], always through
// [github.com/hack-pad/safejs] so that a throwing JavaScript call is an
// error, never a panic, and [github.com/norunners/vert] for small typed
// values. Everything here is built for GOOS=js GOARCH=wasm only.
//
// # The one rule: never wait on a callback
//
// A Go function called from JavaScript ([FuncOf]) runs on the event loop. If
// it waits for anything JavaScript must deliver (a promise, fetch, a timer,
// a DOM event) the program deadlocks and exits, and every later call throws
// "Go program has already exited". So every JavaScript-facing method returns
// a [Promise] at once and does its work on a new goroutine, where [Await] may
// block:
//
//	func getApp(this safejs.Value, args []safejs.Value) any {
//		name, err := jsbridge.Args(args).Name(0, "appName") // check synchronously
//		if err != nil {
//			return jsbridge.Rejected(err)
//		}
//		return jsbridge.Promise(ctx, func(ctx context.Context) (any, error) {
//			return client.GetApp(ctx, name) // fetch, awaited on this goroutine
//		})
//	}
//
// Synchronous browser work is fine on the callback and sometimes required:
// [OpenPopup] must run there, inside the user's click, before any await.
//
// MDN: https://developer.mozilla.org/docs/Web/JavaScript/Reference/Global_Objects/Promise
//
// # Errors
//
// Every rejection is [NewError] of a Go error: a JavaScript Error with name
// "IntegryError", a stable code from [sdk.Codes], the message, status (HTTP)
// and details (the server's JSON) when there are some. A panic in work, in a
// callback or in a value conversion is recovered and becomes code internal:
// the Go program never exits while the page lives.
//
// # Values
//
// Arguments are read with [Args], whose readers reject anything unexpected
// (undefined, null, functions, symbols, BigInt, cyclic objects, strings
// longer than [MaxNameLength]) with invalid_argument; [Kind] reads a type
// without the panic syscall/js has for BigInt. Objects cross as JSON text
// ([Stringify], [Parse]; function outputs and schemas never go field by
// field), small structs with explicit js tags through vert ([SmallValue]).
//
// MDN: https://developer.mozilla.org/docs/Web/JavaScript/Reference/Global_Objects/JSON
//
// # Lifetimes
//
// Every js.Func is made by [FuncOf] and counted until released
// ([LiveFuncs]): promise executors are released as soon as the Promise
// constructor returns, then/catch pairs when the promise settles, the
// Headers.forEach callback when forEach returns, the message listener by the
// stop function [Messages] returns. The leak tests compare [LiveFuncs]
// before and after thousands of calls.
//
// # The browser adapters
//
//   - [Fetch] is an [sdk.Transport] over fetch: no credentials, no referrer,
//     an AbortController tied to the request's context.
//     MDN: https://developer.mozilla.org/docs/Web/API/Window/fetch
//   - [OpenPopup] and [Popup] implement [sdk.Popup] with window.open at
//     about:blank, centred 800×600 as the official SDK's window; [Messages]
//     turns window message events into [sdk.Message] values, FromPopup set
//     when event.source is the popup.
//     MDN: https://developer.mozilla.org/docs/Web/API/Window/open,
//     https://developer.mozilla.org/docs/Web/API/Window/postMessage
//   - [Events] adapts an [sdk.Emitter] to the eventEmitter of an instance
//     (on, once, off, offAll, emit), reporting throwing handlers with
//     console.error. MDN: https://developer.mozilla.org/docs/Web/API/console/error_static
//
// # Tests
//
//	GOOS=js GOARCH=wasm go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./jsbridge/
//	GOOS=js GOARCH=wasm go test -exec="$PWD/bin/wasmbrowsertest" ./jsbridge/
//
// The node lane injects a fake fetch; real pages are tested from the host
// side in package wasm (headless Chromium against the sandbox).
package jsbridge
