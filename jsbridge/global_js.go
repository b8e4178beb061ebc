//go:build js && wasm

package jsbridge

import (
	"github.com/hack-pad/safejs"
)

// The JavaScript constructors and namespaces the bridge uses, looked up once.
// fetch is not among them: it is read at each request, so that a page (or a
// test) may replace it.
var (
	jsObject     = global("Object")
	jsArray      = global("Array")
	jsPromise    = global("Promise")
	jsError      = global("Error")
	jsTypeError  = global("TypeError")
	jsJSON       = global("JSON")
	jsUint8Array = global("Uint8Array")
)

func global(name string) safejs.Value {
	v, err := safejs.Global().Get(name)
	if err != nil {
		return safejs.Undefined()
	}
	return v
}

// Global returns globalThis.
//
// MDN: https://developer.mozilla.org/docs/Web/JavaScript/Reference/Global_Objects/globalThis
func Global() safejs.Value { return safejs.Global() }

// NewObject returns a new empty JavaScript object.
func NewObject() safejs.Value {
	o, err := jsObject.New()
	if err != nil {
		return safejs.Undefined()
	}
	return o
}

// NewArray returns a JavaScript array holding values.
func NewArray(values ...safejs.Value) safejs.Value {
	a, err := jsArray.New()
	if err != nil {
		return safejs.Undefined()
	}
	for _, v := range values {
		_, _ = a.Call("push", v)
	}
	return a
}

// ConsoleError writes args with console.error; it never fails.
//
// MDN: https://developer.mozilla.org/docs/Web/API/console/error_static
func ConsoleError(args ...any) {
	c, err := safejs.Global().Get("console")
	if err != nil || c.IsUndefined() {
		return
	}
	_, _ = c.Call("error", args...)
}

// GetString reads obj[key] as a string: ok is false when it is missing or not
// a string.
func GetString(obj safejs.Value, key string) (s string, ok bool) {
	v, err := obj.Get(key)
	if err != nil || Kind(v) != safejs.TypeString {
		return "", false
	}
	s, err = v.String()
	return s, err == nil
}
