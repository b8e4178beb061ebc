//go:build js && wasm

package jsbridge

import (
	"strconv"
	"syscall/js"
	"unsafe"

	"github.com/integry-go/integry/internal/contract"
	"github.com/integry-go/integry/sdk"
)

// The project's own ABI between the loader and Go (docs/design.md#crossing-costs):
//
//   - The loader enters Go through go:wasmexport functions (below), whose
//     parameters are numbers: no js.FuncOf event, no goroutine switch, and
//     no js.Value per argument. Goroutines an entry readies run when the
//     loader resumes the program, once per burst, in a microtask.
//   - The values of one entry (a call's arguments, an answer's headers and
//     body, a message event) stay in the loader, in the entry's frame, and
//     Go asks about them by position with host functions that take and
//     return numbers (frameKind, frameNum, frameText, frameJSON).
//   - Strings cross through one buffer in Go's memory (inBuf) whose address
//     the loader learns at init (host.buffer): JavaScript writes a string into it with
//     TextEncoder.encodeInto and returns its length in bytes; Go hands a
//     string to JavaScript as an address and a length, which the loader
//     decodes from the memory. A string longer than the buffer is copied
//     into a Go slice of its size (host take).

// inBuf is the shared buffer JavaScript writes strings into. Go copies a
// string out of it at once, before anything else can cross.
var inBuf = make([]byte, 64<<10)

// addr is the address of b's first byte in the WebAssembly memory, as a
// number for the loader (0 for an empty slice).
func addr(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	return int(uintptr(unsafe.Pointer(&b[0])))
}

// received returns the n bytes the last host call wrote for Go: in inBuf,
// or, when they did not fit, copied by host.take into a slice of their own.
// The result is Go's own copy.
func received(n int) []byte {
	if n <= 0 {
		return nil
	}
	if n <= len(inBuf) {
		return append([]byte(nil), inBuf[:n]...)
	}
	b := make([]byte, n)
	code := hostTake(int32(addr(b)))
	keep(b)
	if code < 0 {
		return nil
	}
	return b
}

// receivedString is received as a string, without a second copy.
func receivedString(n int) string {
	b := received(n)
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// The kinds frameKind reports (web/loader/abi.mjs, kindOf).
const (
	kindUndefined = contract.KindUndefined
	kindNull      = contract.KindNull
	kindBool      = contract.KindBool
	kindNumber    = contract.KindNumber
	kindString    = contract.KindString
	kindArray     = contract.KindArray
	kindObject    = contract.KindObject
	kindFunction  = contract.KindFunction
	kindSymbol    = contract.KindSymbol
)

// kindName names a kind for an error message.
func kindName(k int) string {
	switch k {
	case kindUndefined:
		return "undefined"
	case kindNull:
		return "null"
	case kindBool:
		return "a boolean"
	case kindNumber:
		return "a number"
	case kindString:
		return "a string"
	case kindArray, kindObject:
		return "an object"
	case kindFunction:
		return "a function"
	case kindSymbol:
		return "a symbol"
	}
	return "a bigint"
}

// The frame: the values of the entry running now, which the loader holds.

// frameKind is the kind of frame value i (kindUndefined past the end).
func frameKind(i int) int {
	k := int(hostFrameKind(int32(i)))
	if k < 0 {
		return kindUndefined
	}
	return k
}

// frameNum is frame value i as a number (NaN-free: 0 for anything else).
func frameNum(i int) float64 {
	if v := hostFrameNum(int32(i)); v == v {
		return v
	}
	return 0
}

// frameText reads frame value i as text: a string, or a finite number as
// String() writes it. n < 0 says it is neither (-1), or is longer than max
// UTF-16 code units (-2 - its length).
func frameText(i, max int) (s string, n int) {
	n = int(hostFrameText(int32(i), int32(min(max, 1<<30))))
	if n < 0 {
		return "", n
	}
	return receivedString(n), n
}

// frameJSON is JSON.stringify of frame value i, in the loader: n < 0 says
// it threw (-1; the thrown value is host.thrown()), gave no string (-2) or
// gave more than max UTF-16 code units (-3 - its length).
func frameJSON(i, max int) (b []byte, n int) {
	n = int(hostFrameJSON(int32(i), int32(min(max, 1<<30))))
	if n < 0 {
		return nil, n
	}
	return received(n), n
}

// frameValue is frame value i itself, for the few that Go keeps beyond the
// entry (a popup window, a message event): a js.Value with a finalizer, so
// never on a call's, an answer's or a DOM event's common path.
func frameValue(i int) js.Value {
	var out js.Value
	if try(func() { out = host.frameValue.Invoke(i) }) != nil {
		return js.Undefined()
	}
	return out
}

// entry runs the body of an exported entry inside a recover: a bug is
// reported on the console, never thrown into the page, and the program goes
// on.
func entry(name string, fn func()) {
	defer func() {
		if r := recover(); r != nil {
			ConsoleError("integry: internal error in " + name + ": " + sdk.PanicText(r))
		}
	}()
	fn()
}

// exported holds what the go:wasmexport entries call, set by Export.
var exported Exports

// The entries. Their names are in internal/contract (Export*), which the
// loader imports; each must never wait (docs/design.md#deadlock-rule).

// quiet says that the entry running now readied no goroutine, so the loader
// need not resume the program after it ([Quiet]).
var quiet bool

// Quiet tells the call or respond entry running now that it readied no
// goroutine: a method that only started a request ([Fetch.Start]), or the
// callback of such a request, which settled the page's promise there and
// then. The loader then skips resuming the program after the entry
// (docs/design.md#abi). Outside an entry it does nothing: the next entry
// starts loud. Call it only when nothing the entry ran could have readied a
// goroutine (a channel send, a go statement, a cancelled context).
func Quiet() { quiet = true }

// resumeCode is what the call and respond entries answer: 1 when the
// loader must resume the program (a goroutine may be ready), 0 when not.
func resumeCode() int32 {
	if quiet {
		quiet = false
		return 0
	}
	return 1
}

// wasmCall is call(handle, callId, method, cancellable, nargs, kinds): the
// method by its index in Exports.Methods, its arguments in the frame, the
// kinds of the first contract.KindsPacked of them packed 4 bits each. It
// answers whether the loader must resume the program (resumeCode).
//
//go:wasmexport integryCall
func wasmCall(handle, callID, method, cancellable, nargs, kinds int32) int32 {
	quiet = false
	entry("call", func() {
		if method < 0 || int(method) >= len(exported.Methods) {
			Reject(int(callID), sdk.InvalidArgument("IntegryJS has no such method"))
			return
		}
		if nargs > maxArgs {
			Reject(int(callID), sdk.InvalidArgument("a call takes at most "+strconv.Itoa(maxArgs)+" arguments"))
			return
		}
		exported.Call(int(handle), int(callID), exported.Methods[method], Args{n: int(nargs) | argsPacked | int(uint32(kinds))<<16}, cancellable != 0)
	})
	return resumeCode()
}

// wasmCancel is cancel(handle, callId): the call's AbortSignal fired.
//
//go:wasmexport integryCancel
func wasmCancel(handle, callID int32) {
	entry("cancel", func() { exported.Cancel(int(handle), int(callID)) })
}

// wasmDestroy is destroy(handle).
//
//go:wasmexport integryDestroy
func wasmDestroy(handle int32) {
	entry("destroy", func() { exported.Destroy(int(handle)) })
}

// wasmRespond is respond(id, status, size, headerLen): the answer to
// request id, the headers Go reads (or, when headerLen < 0, its failure) in
// the string buffer, its body in the frame (see respond). It answers whether the loader must
// resume the program ([Quiet]).
//
//go:wasmexport integryRespond
func wasmRespond(id, status int32, size float64, headerLen int32) int32 {
	quiet = false
	entry("respond", func() { respond(int(id), int(status), size, int(headerLen)) })
	return resumeCode()
}

// wasmDispatch is dispatch(listener, target, flags, keyLength): an event
// for Go listener id (see dispatch). It returns what the renderer must do
// (dispatchDone, dispatchPrevent, dispatchGone); the operations the
// listener queued went to host.out.
//
//go:wasmexport integryDispatch
func wasmDispatch(id, target, flags, keyLen int32) (out int32) {
	entry("dispatch", func() { out = int32(dispatch(int(id), int(target), int(flags), int(keyLen))) })
	return out
}

// wasmFlush hands the DOM operations queued outside a listener to host.out.
//
//go:wasmexport integryFlush
func wasmFlush() {
	entry("flush", func() { sendOut(flushOps()) })
}

// The entries are called by the loader, not by Go code: naming them here
// keeps linters from reporting them unused.
var _ = []any{wasmCall, wasmCancel, wasmDestroy, wasmRespond, wasmDispatch, wasmFlush}

// sendOut hands the operations of a dispatch or a flush to the loader.
func sendOut(ops []byte) {
	if len(ops) == 0 {
		return
	}
	p, n := at(ops)
	code := hostOut(p, n)
	keep(ops)
	if code < 0 {
		ConsoleError("integry: the operations could not be handed over: " + errHost.Error())
	}
}
