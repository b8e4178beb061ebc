//go:build js && wasm

package jsbridge

import (
	"errors"
	"syscall/js"

	"github.com/integry-go/integry/sdk"
)

// ErrorValue is the JavaScript Error the page receives for err, made by the
// loader so that its stack is the page's: name "IntegryError", the stable
// code, the message, status (HTTP) and details (the server's body) when there
// are some, and the thrown JavaScript value as cause when there is one.
func ErrorValue(err error) Value {
	e := sdk.AsError(err)
	if e == nil {
		e = &sdk.Error{Code: sdk.CodeInternal, Message: "unknown error"}
	}
	msg := e.Message
	if msg == "" {
		msg = string(e.Code)
	}
	status := js.Undefined()
	if e.Status != 0 {
		status = js.ValueOf(e.Status)
	}
	details := js.Undefined()
	if e.Details != nil {
		if d, err := ToJS(e.Details); err == nil {
			details = d.v
		}
	}
	cause := js.Undefined()
	if te, ok := errors.AsType[*thrownError](e.Err); ok {
		cause = te.value
	}
	var out js.Value
	if err := try(func() { out = host.error.Invoke(string(e.Code), msg, status, details, cause) }); err != nil {
		out = js.ValueOf(msg)
	}
	return Value{out}
}

// Recover turns a panic into an internal *sdk.Error in *err. Use it deferred
// at the top of every goroutine that serves the page.
func Recover(err *error) {
	if r := recover(); r != nil {
		*err = &sdk.Error{Code: sdk.CodeInternal, Message: "internal error: " + sdk.PanicText(r)}
	}
}
