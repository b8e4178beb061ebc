//go:build js && wasm

package jsbridge

// This file holds the package's raw syscall/js calls. A JavaScript call that
// throws panics with a js.Error in syscall/js; every helper here recovers it
// into an error, so nothing above this file can panic on a throwing getter,
// a revoked Proxy or a BigInt (see docs/design.md#bridge).

import (
	"errors"
	"syscall/js"
)

// Value is a JavaScript value held by Go. Packages above jsbridge pass it
// around without seeing syscall/js; the zero Value is undefined.
type Value struct{ v js.Value }

// Undefined is the JavaScript undefined.
func Undefined() Value { return Value{} }

// String is a JavaScript string.
func String(s string) Value { return Value{js.ValueOf(s)} }

// Bool is a JavaScript boolean.
func Bool(b bool) Value { return Value{js.ValueOf(b)} }

// Number is a JavaScript number.
func Number(f float64) Value { return Value{js.ValueOf(f)} }

var (
	global    = js.Global()
	jsJSON    = global.Get("JSON")
	jsReflect = global.Get("Reflect")
)

// typeOf is v.Type(), which syscall/js computes without calling JavaScript,
// or -1 for a BigInt (a type syscall/js does not know, and panics on).
func typeOf(v js.Value) (t js.Type) {
	defer func() {
		if recover() != nil {
			t = -1
		}
	}()
	return v.Type()
}

// isObject reports whether v is an object or a function (not null).
func isObject(v js.Value) bool {
	t := typeOf(v)
	return t == js.TypeObject || t == js.TypeFunction
}

// try runs fn and turns a thrown JavaScript exception (or any panic) into an
// error.
func try(fn func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = thrown(r)
		}
	}()
	fn()
	return nil
}

// get reads v[key] of an object the SDK trusts: one the browser or the
// loader made (a parsed body, an event, a window). It fails on a non-object.
// A JavaScript exception in a plain property read is not caught by
// syscall/js (it would end the Go program), so values from the page go
// through getUntrusted instead.
func get(v js.Value, key string) (out js.Value, err error) {
	if !isObject(v) {
		return js.Undefined(), errNotObject
	}
	err = try(func() { out = v.Get(key) })
	return out, err
}

// getUntrusted reads v[key] of a value the page passed, with Reflect.get,
// which syscall/js calls inside a try: a throwing getter or Proxy trap is an
// error, never the end of the program.
func getUntrusted(v js.Value, key string) (js.Value, error) {
	if !isObject(v) {
		return js.Undefined(), errNotObject
	}
	return call(jsReflect, "get", v, key)
}

// call calls v[name](args...).
func call(v js.Value, name string, args ...any) (out js.Value, err error) {
	err = try(func() { out = v.Call(name, args...) })
	return out, err
}

// invoke calls the function v(args...).
func invoke(v js.Value, args ...any) (out js.Value, err error) {
	err = try(func() { out = v.Invoke(args...) })
	return out, err
}

var errNotObject = errors.New("not an object")

// jsString reads a JavaScript string; ok is false for any other type.
func jsString(v js.Value) (string, bool) {
	if typeOf(v) != js.TypeString {
		return "", false
	}
	return v.String(), true
}

// peekString reads obj[key] of a value the page may have made, as a string
// (see peek).
func peekString(obj js.Value, key string) (string, bool) {
	v, ok := peek(obj, key)
	if !ok {
		return "", false
	}
	return jsString(v)
}

// thrownError is a JavaScript exception as a Go error: it keeps the thrown
// value, which becomes the cause of the IntegryError the page sees.
type thrownError struct {
	value js.Value
	msg   string
}

func (e *thrownError) Error() string { return e.msg }

// thrown converts a recovered panic: a js.Error keeps its JavaScript value.
func thrown(r any) error {
	if je, ok := r.(js.Error); ok {
		return fromJS(je.Value)
	}
	if err, ok := r.(error); ok {
		return err
	}
	s, _ := r.(string)
	if s == "" {
		s = "a Go panic"
	}
	return errors.New(s)
}

// fromJS makes a Go error of a thrown or rejected JavaScript value. The
// value may be the page's (a getter can throw anything), so its message is
// read with peek: a plain read of a revoked Proxy or a throwing getter would
// throw past syscall/js and end the program.
func fromJS(v js.Value) error {
	msg := "JavaScript error"
	if m, ok := peek(v, "message"); ok && typeOf(m) == js.TypeString && m.String() != "" {
		msg = m.String()
	} else if s, ok := jsString(v); ok {
		msg = s
	}
	return &thrownError{value: v, msg: msg}
}

// peek reads v[key] of a value the page may have made hostile, with
// Reflect.get (which syscall/js calls inside a try), and drops whatever the
// read throws without looking at it: a Proxy can throw itself again from
// every trap, so converting that throw could recurse without end.
func peek(v js.Value, key string) (out js.Value, ok bool) {
	if !isObject(v) {
		return js.Undefined(), false
	}
	defer func() {
		if recover() != nil {
			out, ok = js.Undefined(), false
		}
	}()
	return jsReflect.Call("get", v, key), true
}

// ConsoleError writes to the console's error stream, which is where a page's
// developer looks.
//
// MDN: https://developer.mozilla.org/docs/Web/API/console/error_static
func ConsoleError(msg string) {
	if c, err := get(global, "console"); err == nil {
		_, _ = call(c, "error", msg)
	}
}

// ConsoleLog writes to the console's log stream (the debug option's
// request log: docs/protocol.md#surface-options).
func ConsoleLog(msg string) {
	if c, err := get(global, "console"); err == nil {
		_, _ = call(c, "log", msg)
	}
}

// Get returns member key of an object Value (undefined otherwise, and when
// reading it throws: see peek).
func (v Value) Get(key string) Value {
	m, ok := peek(v.v, key)
	if !ok {
		return Undefined()
	}
	return Value{m}
}

// Str returns a string Value's text, or "" for any other type.
func (v Value) Str() string {
	s, _ := jsString(v.v)
	return s
}

// Num returns a number Value; ok is false for any other type.
func (v Value) Num() (f float64, ok bool) {
	if typeOf(v.v) != js.TypeNumber {
		return 0, false
	}
	return v.v.Float(), true
}

// IsFunction reports whether v is a function.
func (v Value) IsFunction() bool { return typeOf(v.v) == js.TypeFunction }
