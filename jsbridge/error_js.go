//go:build js && wasm

package jsbridge

import (
	"errors"
	"fmt"

	"github.com/hack-pad/safejs"
	"github.com/integry-go/integry/sdk"
)

// ErrorName is the name of every error the SDK rejects with.
const ErrorName = "IntegryError"

// NewError returns the JavaScript Error for err: name "IntegryError", a
// stable code (see [sdk.Codes]), the message without the "sdk:" prefix,
// status when there was an HTTP response and details (parsed JSON) when the
// server said more. Any error becomes an *[sdk.Error] first ([sdk.AsError]):
// a plain Go error is internal.
//
// MDN: https://developer.mozilla.org/docs/Web/JavaScript/Reference/Global_Objects/Error
func NewError(err error) safejs.Value {
	e := sdk.AsError(err)
	if e == nil {
		e = &sdk.Error{Code: sdk.CodeInternal, Message: "unknown error"}
	}
	return buildError(jsError, e)
}

// NewTypeError returns a JavaScript TypeError carrying the same fields as
// [NewError] (name stays "TypeError", as the constructor's argument checks
// promise).
//
// MDN: https://developer.mozilla.org/docs/Web/JavaScript/Reference/Global_Objects/TypeError
func NewTypeError(err error) safejs.Value {
	v := buildError(jsTypeError, sdk.AsError(err))
	_ = v.Set("name", "TypeError")
	return v
}

func buildError(ctor safejs.Value, e *sdk.Error) safejs.Value {
	msg := e.Message
	if msg == "" {
		msg = string(e.Code)
	}
	v, err := ctor.New(msg)
	if err != nil {
		v = NewObject()
		_ = v.Set("message", msg)
	}
	_ = v.Set("name", ErrorName)
	_ = v.Set("code", string(e.Code))
	if e.Status != 0 {
		_ = v.Set("status", e.Status)
	}
	if len(e.Details) > 0 {
		if d, err := Parse(string(e.Details)); err == nil {
			_ = v.Set("details", d)
		}
	}
	var je jsErrorValue
	if errors.As(e.Err, &je) {
		_ = v.Set("cause", je.value)
	}
	return v
}

// jsErrorValue is a JavaScript exception kept as the cause of a Go error.
type jsErrorValue struct {
	value safejs.Value
	msg   string
}

func (e jsErrorValue) Error() string { return e.msg }

// FromJS wraps a thrown or rejected JavaScript value as a Go error whose
// message is the value's message (or its string form). [NewError] puts the
// original value back as the JavaScript error's cause.
func FromJS(v safejs.Value) error {
	msg := "JavaScript error"
	if s, ok := GetString(v, "message"); ok && s != "" {
		msg = s
	} else if Kind(v) == safejs.TypeString {
		msg, _ = v.String()
	}
	return jsErrorValue{value: v, msg: msg}
}

// panicError turns a recovered panic into an internal *sdk.Error.
func panicError(r any) *sdk.Error {
	return &sdk.Error{Code: sdk.CodeInternal, Message: fmt.Sprintf("internal error: %v", r)}
}

// Recover is deferred at an entry point that reports through an error:
//
//	defer jsbridge.Recover(&err)
//
// A panic becomes an internal *sdk.Error in *err; the program goes on.
func Recover(err *error) {
	if r := recover(); r != nil {
		*err = panicError(r)
	}
}

// InvalidArgument returns an invalid_argument *sdk.Error.
func InvalidArgument(format string, args ...any) *sdk.Error {
	return &sdk.Error{Code: sdk.CodeInvalidArgument, Message: fmt.Sprintf(format, args...)}
}
