//go:build js && wasm

package jsbridge

// This is the one file of the package that names syscall/js, and it only
// converts types: every call goes through safejs (jsguard checks that).

import (
	"errors"
	"syscall/js"

	"github.com/hack-pad/safejs"
)

// Thrown returns the JavaScript value a safejs call threw, if err carries one.
func Thrown(err error) (safejs.Value, bool) {
	var je js.Error
	if errors.As(err, &je) {
		return safejs.Safe(je.Value), true
	}
	var jv jsErrorValue
	if errors.As(err, &jv) {
		return jv.value, true
	}
	return safejs.Undefined(), false
}

// Values converts syscall/js values to safejs values.
func Values(vs []js.Value) []safejs.Value {
	out := make([]safejs.Value, len(vs))
	for i, v := range vs {
		out[i] = safejs.Safe(v)
	}
	return out
}
