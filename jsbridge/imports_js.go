//go:build js && wasm

package jsbridge

import (
	"errors"
	"runtime"
)

// The host functions a call, an answer and a DOM event use, imported from
// the module contract.ImportModule (go:wasmimport): a plain WebAssembly call
// with numbers, without syscall/js's Invoke (an argument slice boxed into
// js.Values, the loader's value table, Reflect.apply). The loader supplies
// the module (web/loader/abi.mjs, integryImports: each is its host object's
// function of the same name); test binaries get it from their runner
// (web/loader/runner.js, through `wasmdata -exec`). A function that throws
// answers -1 and never unwinds Go's stack (docs/design.md#abi). Their
// names are contract.Imports, which a test compares with this file.
//
// Arguments are int32 (numbers, addresses and lengths in Go's memory) or
// float64; a function with nothing to answer answers 0, or -1 when it threw.

//go:wasmimport integry frameKind
func hostFrameKind(i int32) int32

//go:wasmimport integry frameNum
func hostFrameNum(i int32) float64

//go:wasmimport integry frameText
func hostFrameText(i, max int32) int32

//go:wasmimport integry frameJSON
func hostFrameJSON(i, max int32) int32

//go:wasmimport integry frameHold
func hostFrameHold(i int32) int32

//go:wasmimport integry take
func hostTake(at int32) int32

//go:wasmimport integry valNum
func hostValNum(id int32) float64

//go:wasmimport integry valText
func hostValText(id int32) int32

//go:wasmimport integry valLen
func hostValLen(id int32) int32

//go:wasmimport integry valIndex
func hostValIndex(id, i, root int32) int32

//go:wasmimport integry valKey
func hostValKey(id, i int32) int32

//go:wasmimport integry valGet
func hostValGet(id, root, at, n int32) int32

//go:wasmimport integry valJSON
func hostValJSON(id int32) int32

//go:wasmimport integry release
func hostRelease(root int32) int32

//go:wasmimport integry settleWith
func hostSettleWith(callID, ok, form int32, num float64, details, at, n int32) int32

//go:wasmimport integry emitWith
func hostEmitWith(handle, form int32, num float64, details, at, n int32) int32

//go:wasmimport integry out
func hostOut(at, n int32) int32

//go:wasmimport integry render
func hostRender(at, n int32) int32

//go:wasmimport integry request
func hostRequest(id, whole, limit int32, timeout float64, at, n int32) int32

//go:wasmimport integry abort
func hostAbort(id int32) int32

//go:wasmimport integry later
func hostLater(id, ms int32) int32

// errHost is what a failed imported host function gives: it threw (the
// loader's wrapper caught it and answered -1).
var errHost = errors.New("jsbridge: the loader's host function failed")

// hostErr is errHost when an imported function with nothing to answer
// answered < 0.
func hostErr(code int32) error {
	if code < 0 {
		return errHost
	}
	return nil
}

// at is b's address and length as an import takes them.
func at(b []byte) (int32, int32) { return int32(addr(b)), int32(len(b)) }

// keep keeps b alive until here: call it after the import that read b.
func keep(b []byte) { runtime.KeepAlive(b) }
