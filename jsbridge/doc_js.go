//go:build js && wasm

package jsbridge

import (
	"strconv"
	"syscall/js"

	"github.com/integry-go/integry/sdk"
)

// jsDoc is an [sdk.Doc] over a value the browser parsed: the SDK reads the
// few fields it needs one by one, and the page later receives this very
// value (see [Value] and docs/design.md#bodies).
type jsDoc struct {
	v    js.Value
	keys js.Value // Object.keys(v), once Key or Index on an object needed it
	// arr is 1 for an array and -1 for anything else once isArray asked,
	// and n an array's length once Len asked (+1, so 0 is unknown): a walk
	// over an array asks for both at every element.
	arr int8
	n   int
}

// DocOf wraps a JavaScript value as an [sdk.Doc]; undefined, functions,
// symbols and BigInts are no JSON values and give nil.
func DocOf(v Value) sdk.Doc { return docOf(v.v) }

func docOf(v js.Value) sdk.Doc {
	switch typeOf(v) {
	case js.TypeNull, js.TypeBoolean, js.TypeNumber, js.TypeString, js.TypeObject:
		return &jsDoc{v: v}
	}
	return nil
}

func (d *jsDoc) Kind() sdk.Kind {
	switch typeOf(d.v) {
	case js.TypeNull:
		return sdk.KindNull
	case js.TypeBoolean:
		return sdk.KindBool
	case js.TypeNumber:
		return sdk.KindNumber
	case js.TypeString:
		return sdk.KindString
	}
	if d.isArray() {
		return sdk.KindArray
	}
	return sdk.KindObject
}

func (d *jsDoc) isArray() bool {
	if d.arr == 0 {
		d.arr = -1
		if b, err := call(jsArray, "isArray", d.v); err == nil && b.Truthy() {
			d.arr = 1
		}
	}
	return d.arr == 1
}

func (d *jsDoc) Text() string {
	switch typeOf(d.v) {
	case js.TypeString:
		return d.v.String()
	case js.TypeNumber:
		return strconv.FormatFloat(d.v.Float(), 'f', -1, 64)
	case js.TypeBoolean:
		return strconv.FormatBool(d.v.Bool())
	}
	return ""
}

func (d *jsDoc) objectKeys() js.Value {
	if d.keys.IsUndefined() {
		k, err := call(jsObject, "keys", d.v)
		if err != nil {
			k = js.Global().Get("Array").New()
		}
		d.keys = k
	}
	return d.keys
}

func (d *jsDoc) Len() int {
	if typeOf(d.v) != js.TypeObject {
		return 0
	}
	if d.isArray() {
		if d.n == 0 {
			d.n = 1
			if n, err := get(d.v, "length"); err == nil && typeOf(n) == js.TypeNumber {
				d.n = n.Int() + 1
			}
		}
		return d.n - 1
	}
	return d.objectKeys().Length()
}

func (d *jsDoc) Index(i int) sdk.Doc {
	if i < 0 || i >= d.Len() {
		return nil
	}
	if d.isArray() {
		var out js.Value
		if try(func() { out = d.v.Index(i) }) != nil {
			return nil
		}
		return docOf(out)
	}
	return d.Get(d.objectKeys().Index(i).String())
}

func (d *jsDoc) Key(i int) string {
	if typeOf(d.v) != js.TypeObject || d.isArray() || i < 0 || i >= d.Len() {
		return ""
	}
	return d.objectKeys().Index(i).String()
}

// Get is one property read. An inherited member of Object.prototype is a
// function, which docOf turns into nil, so only what the server sent is
// found (the SDK never asks for "__proto__").
func (d *jsDoc) Get(key string) sdk.Doc {
	if typeOf(d.v) != js.TypeObject {
		return nil
	}
	v, err := get(d.v, key)
	if err != nil {
		return nil
	}
	return docOf(v)
}

func (d *jsDoc) JSON() []byte {
	s, err := call(jsJSON, "stringify", d.v)
	if err != nil || typeOf(s) != js.TypeString {
		return []byte("null")
	}
	return []byte(s.String())
}
