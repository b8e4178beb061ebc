package ui

import "github.com/integry-go/integry/sdk"

// Console writes a line to the developer's console. It is println (standard
// error) by default; the wasm sets it to the browser's console.error.
var Console = func(line string) { println(line) }

// spawn is the only way package ui starts a goroutine. Under js/wasm a
// panic that no goroutine recovers ends the Go program, and with it every
// IntegryJS instance on the page; spawn's goroutine recovers it instead. The
// panic is written to the [Console] and emitted as the instance's "error"
// event (an internal [sdk.Error] naming what), when events is non-nil; then
// fail, if non-nil, runs on the same goroutine so that the widget leaves
// the state the panicking work left it in (a spinner, a disabled button).
// fn must release the locks it takes with defer, so that they are free when
// fail runs. A panic in fail is written to the console only.
// (docs/design.md#goroutines-in-ui)
func spawn(events *sdk.Emitter, what string, fn, fail func()) {
	go func() {
		defer func() {
			r := recover()
			if r == nil {
				return
			}
			err := sdk.NewError(sdk.CodeInternal, "internal error in "+what+": "+sdk.PanicText(r))
			Console("integry: " + err.Message)
			if events != nil {
				events.Emit(sdk.EventError, err)
			}
			if fail != nil {
				defer func() {
					if r := recover(); r != nil {
						Console("integry: internal error while recovering " + what + ": " + sdk.PanicText(r))
					}
				}()
				fail()
			}
		}()
		fn()
	}()
}
