//go:build js && wasm

package jsbridge

import (
	"runtime"
	"strconv"
	"unsafe"

	"github.com/integry-go/integry/sdk"
)

// heldDoc is an [sdk.Doc] over a value the loader holds for Go by number
// (web/loader/abi.mjs, hold): an answer's parsed body and every member Go
// read from it. No js.Value lives in Go for it, so none needs a finalizer.
// All the numbers of one answer are dropped together: by [Fetch.Start],
// when the answer's callback returns (a heldDoc is valid until then), or,
// for a body Go keeps ([Fetch.Do]), when Go has collected every Doc of it
// (keeper). The page's promise is settled with the held value itself
// (settleWith, FormHeld).
type heldDoc struct {
	id, root int
	keep     *keeper // the kept answer's, nil for Start's: see keeper
	kind     int     // the contract's kind, +1
	n        int     // Len, +1 (0: not asked yet)
}

// keeper is a kept answer's: every Doc read from it points to it, and a
// cleanup releases the answer's numbers in the loader once Go has
// collected it (one cleanup an answer, where a js.Value has a finalizer
// for every member read).
type keeper struct {
	root int
	_    [2]int // past 16 bytes: the runtime's tiny allocator would batch it with others and delay its cleanup
}

// watch releases k's answer in the loader once Go has collected k. It runs
// once a keeper: the answer's number may serve another answer afterwards.
// (A finalizer, not runtime.AddCleanup: syscall/js links the finalizers
// already, the cleanups' queue would add 4 KB gzip to the bundle.)
func (k *keeper) watch() { runtime.SetFinalizer(k, (*keeper).release) }

func (k *keeper) release() { release(k.root) }

// heldOf is the Doc for a held value of answer root, given as the loader
// answers a hold: its number × 16 + its kind (one crossing for both). 0
// (undefined) and values that are no JSON (functions, symbols, BigInts)
// give nil. k is the kept answer's keeper, or nil.
func heldOf(packed, root int, k *keeper) sdk.Doc {
	if packed <= 0 {
		return nil
	}
	d := &heldDoc{id: packed >> 4, root: root, keep: k, kind: packed&15 + 1}
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
	if v := hostValNum(int32(d.id)); v == v {
		return v
	}
	return 0
}

func (d *heldDoc) Text() string {
	switch d.k() {
	case kindString:
		return receivedString(int(hostValText(int32(d.id))))
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
		d.n = max(int(hostValLen(int32(d.id))), 0) + 1
	}
	return d.n - 1
}

func (d *heldDoc) Index(i int) sdk.Doc {
	if i < 0 || i >= d.Len() {
		return nil
	}
	return heldOf(int(hostValIndex(int32(d.id), int32(i), int32(d.root))), d.root, d.keep)
}

func (d *heldDoc) Key(i int) string {
	if d.k() != kindObject || i < 0 || i >= d.Len() {
		return ""
	}
	return receivedString(int(hostValKey(int32(d.id), int32(i))))
}

// Get is one property read. An inherited member of Object.prototype is a
// function, which heldOf turns into nil, so only what the server sent is
// found.
func (d *heldDoc) Get(key string) sdk.Doc {
	if d.k() != kindObject {
		return nil
	}
	b := unsafe.Slice(unsafe.StringData(key), len(key))
	p, n := at(b)
	packed := hostValGet(int32(d.id), int32(d.root), p, n)
	keep(b)
	return heldOf(int(packed), d.root, d.keep)
}

func (d *heldDoc) JSON() []byte {
	n := int(hostValJSON(int32(d.id)))
	if n < 0 {
		return []byte("null")
	}
	return received(n)
}

// release drops held value root and everything read from it.
func release(root int) {
	if root > 0 {
		hostRelease(int32(root))
	}
}
