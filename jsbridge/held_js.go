//go:build js && wasm

package jsbridge

import (
	"strconv"
	"syscall/js"
	"unsafe"

	"github.com/integry-go/integry/sdk"
)

// heldDoc is an [sdk.Doc] over a value the loader holds for Go by number
// (web/loader/abi.mjs, hold): an answer's parsed body and every member Go
// read from it. No js.Value lives in Go for it, so none needs a finalizer.
// All the numbers of one answer are dropped together, by [Fetch.Start],
// when the answer's callback returns: a heldDoc is valid until then. The
// page's promise is settled with the held value itself (settleHeld).
type heldDoc struct {
	id, root int
	kind     int // the contract's kind, +1
	n        int // Len, +1 (0: not asked yet)
}

// heldOf is the Doc for a held value of answer root, given as the loader
// answers a hold: its number × 16 + its kind (one crossing for both). 0
// (undefined) and values that are no JSON (functions, symbols, BigInts)
// give nil.
func heldOf(packed, root int) sdk.Doc {
	if packed <= 0 {
		return nil
	}
	d := &heldDoc{id: packed >> 4, root: root, kind: packed&15 + 1}
	switch d.k() {
	case kindNull, kindBool, kindNumber, kindString, kindArray, kindObject:
		return d
	}
	return nil
}

func (d *heldDoc) k() int { return d.kind - 1 }

func (d *heldDoc) Kind() sdk.Kind {
	switch d.k() {
	case kindNull:
		return sdk.KindNull
	case kindBool:
		return sdk.KindBool
	case kindNumber:
		return sdk.KindNumber
	case kindString:
		return sdk.KindString
	case kindArray:
		return sdk.KindArray
	}
	return sdk.KindObject
}

func (d *heldDoc) num() float64 {
	var out js.Value
	if try(func() { out = host.valNum.Invoke(d.id) }) != nil || out.Type() != js.TypeNumber {
		return 0
	}
	return out.Float()
}

func (d *heldDoc) Text() string {
	switch d.k() {
	case kindString:
		return receivedString(hostNum(host.valText, d.id))
	case kindNumber:
		return strconv.FormatFloat(d.num(), 'f', -1, 64)
	case kindBool:
		return strconv.FormatBool(d.num() != 0)
	}
	return ""
}

func (d *heldDoc) Len() int {
	if k := d.k(); k != kindArray && k != kindObject {
		return 0
	}
	if d.n == 0 {
		d.n = max(hostNum(host.valLen, d.id), 0) + 1
	}
	return d.n - 1
}

func (d *heldDoc) Index(i int) sdk.Doc {
	if i < 0 || i >= d.Len() {
		return nil
	}
	return heldOf(hostNum(host.valIndex, d.id, i, d.root), d.root)
}

func (d *heldDoc) Key(i int) string {
	if d.k() != kindObject || i < 0 || i >= d.Len() {
		return ""
	}
	return receivedString(hostNum(host.valKey, d.id, i))
}

// Get is one property read. An inherited member of Object.prototype is a
// function, which heldOf turns into nil, so only what the server sent is
// found.
func (d *heldDoc) Get(key string) sdk.Doc {
	if d.k() != kindObject {
		return nil
	}
	out, err := sendText(host.valGet, unsafe.Slice(unsafe.StringData(key), len(key)), d.id, d.root)
	if err != nil || out.Type() != js.TypeNumber {
		return nil
	}
	return heldOf(out.Int(), d.root)
}

func (d *heldDoc) JSON() []byte {
	n := hostNum(host.valJSON, d.id)
	if n < 0 {
		return []byte("null")
	}
	return received(n)
}

// value is the held value itself, as a js.Value (with a finalizer): for the
// rare result that is not a call's settle (an event's payload).
func (d *heldDoc) value() js.Value {
	var out js.Value
	if try(func() { out = host.valValue.Invoke(d.id) }) != nil {
		return js.Undefined()
	}
	return out
}

// release drops held value root and everything read from it.
func release(root int) {
	if root > 0 {
		_ = try(func() { host.release.Invoke(root) })
	}
}
