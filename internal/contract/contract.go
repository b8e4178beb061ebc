// Package contract declares, once, what the Go program and the loader
// (web/loader) must agree on: the global the program publishes, the
// renderer's operations, the prefixes of a dispatch's answer, the failure
// codes of a request and the limits of a call. Go code uses these
// constants; `make wasm` writes them into the loader as named JavaScript
// constants (web/loader/build.sh runs `go run ./wasm -contract`, which
// prints [JS]), so neither side spells a value the other could miss. The
// method list is the wasm program's own (wasm/contract.go); see
// docs/design.md#bridge.
//
// The package is pure Go (strconv and strings only): it is part of the
// bundle.
package contract

import (
	"strconv"
	"strings"
)

// GlobalName is where the Go program puts the API object the loader drives
// (globalThis.__integryWasm). It is internal: pages use IntegryJS.
const GlobalName = "__integryWasm"

// The renderer's operations (web/loader/renderer.mjs applies them; ui/batch.go
// writes them). A batch is one flat JSON array: an opcode, then its
// arguments, then the next opcode.
const (
	OpCreate     = 1  // id, tag
	OpAttr       = 2  // id, name, value
	OpRemoveAttr = 3  // id, name
	OpText       = 4  // id, text
	OpAppend     = 5  // parent, child
	OpRemove     = 6  // id
	OpClear      = 7  // id
	OpValue      = 8  // id, value
	OpChecked    = 9  // id, 0|1
	OpFocus      = 10 // id
	OpListen     = 11 // id, event, listener
	OpUnlisten   = 12 // id, event, listener
	OpFree       = 13 // id…: the nodes are no longer known to Go

	// Queries: each appends one answer. Every opcode from FirstQuery on is
	// a query.
	QAttr       = 20 // id, name → string | null
	QValue      = 21 // id → string
	QChecked    = 22 // id → bool
	QByID       = 23 // element id → node id | 0
	QActive     = 24 // → node id | 0
	QFocusables = 25 // id → [node id…]
	QSame       = 26 // a, b → bool
	QBody       = 27 // → node id
	QHead       = 28 // → node id
	QScroll     = 29 // id → scrollHeight − scrollTop − clientHeight, ≥ 0

	FirstQuery = QAttr
)

// The prefixes of dispatch's answer (jsbridge/host_js.go): the operations a
// listener queued, after one of these when it applies.
const (
	// DispatchPrevent: the listener asked to prevent the event's default
	// action.
	DispatchPrevent = "!"
	// DispatchGone: the listener was already gone; nobody took the event's
	// target, so the renderer forgets its id.
	DispatchGone = "~"
)

// PageNodePrefix starts the name the renderer gives a page node that the
// page handed to a method in place of a container id (an Element, a
// ShadowRoot): Go finds the node by that name as it finds an element by
// id (QByID), and knows from the prefix that the node may sit in a shadow
// root (docs/protocol.md#surface-container). No HTML id starts with NUL.
const PageNodePrefix = "\x00integry-node:"

// What the dispatch entry answers (jsbridge/host_js.go, dispatch): the
// loader prefixes the operations the listener queued accordingly.
const (
	DispatchDoneCode    = 0 // the listener ran
	DispatchPreventCode = 1 // it asked to prevent the default action
	DispatchGoneCode    = 2 // the listener was already gone
)

// The entries of the module that a call, a request's answer and a DOM
// event take: go:wasmexport functions of jsbridge (abi_js.go), called by
// the loader with numbers only (docs/design.md#crossing-costs).
const (
	ExportCall     = "integryCall"     // handle, callId, method index, cancellable, argument count, KindsPacked kinds
	ExportCancel   = "integryCancel"   // handle, callId
	ExportDestroy  = "integryDestroy"  // handle
	ExportRespond  = "integryRespond"  // request id, status, text length, AnswerHeaders' length in the buffer (-1 - a failure's)
	ExportDispatch = "integryDispatch" // listener, target, flags, key length → Dispatch*Code
	ExportFlush    = "integryFlush"    // → the operations, through host.out
)

// ImportModule is the WebAssembly import module of the host functions a
// call, an answer and a DOM event use: jsbridge imports them (with the
// wasmimport directive, jsbridge/imports_js.go), and whatever instantiates the
// program supplies the module: the loader (web/loader/abi.mjs,
// integryImports), or, for test binaries, their runner
// (web/loader/runner.js). Each takes and answers numbers only.
const ImportModule = "integry"

// Imports are the functions of ImportModule: each is the loader's host
// function of the same name (a test compares them with
// jsbridge/imports_js.go's go:wasmimport lines).
var Imports = [...]string{"frameKind", "frameNum", "frameText", "frameJSON", "frameHold", "take",
	"valNum", "valText", "valLen", "valIndex", "valKey", "valGet", "valJSON", "release",
	"settleWith", "emitWith", "out", "render", "request", "abort", "later"}

// The kinds of value the loader's frameKind answers (jsbridge/abi_js.go):
// what Go learns of a call's argument without holding it.
const (
	KindUndefined = 0
	KindNull      = 1
	KindBool      = 2
	KindNumber    = 3
	KindString    = 4
	KindArray     = 5
	KindObject    = 6
	KindFunction  = 7
	KindSymbol    = 8
	KindBigInt    = 9
	// KindsPacked is how many arguments' kinds the call entry takes with
	// it, 4 bits each from the lowest: Go reads them without a crossing.
	KindsPacked = 8
)

// The forms of a value Go hands the page (the loader's settleWith and
// emitWith, jsbridge/host_js.go): the loader makes the value from numbers
// and one string, so a result or an event's payload makes no js.Value.
const (
	FormUndefined = 0 // undefined
	FormNumber    = 1 // the number
	FormBool      = 2 // the number is 1 for true
	FormString    = 3 // the text
	FormJSON      = 4 // JSON.parse of the text
	FormHeld      = 5 // the value the loader holds for Go under the number
	// FormError is an IntegryError: the text is its code, NUL and its
	// message; the number its status (0: none); details > 0 is a held
	// value, details < 0 says the text ends with NUL and the details' JSON.
	FormError = 6
	// FormWith is an object Go writes around a held answer, such as a
	// page of a paginated function, without copying the answer: JSON.parse
	// of the text, its first member set to the value held under the number.
	FormWith = 7
)

// The flags of a DOM event the dispatch entry takes.
const (
	EventShift     = 1 // event.shiftKey
	EventPrevented = 2 // event.defaultPrevented as the listener starts
)

// The failures the loader reports for a request that got no usable answer
// (host.request → respond, jsbridge/fetch_js.go).
const (
	FailTooLarge = "too_large" // the body is longer than the limit Go gave
	FailTimeout  = "timeout"   // the timeout Go gave ran out
	FailNetwork  = "network"   // no answer: offline, DNS, CORS, a dropped connection
)

// AnswerHeaders are the response headers the loader hands Go with an
// answer: the only ones the SDK reads (X-Credits for CallResult.Credits,
// Retry-After for a retry's delay). The loader reads them with
// getResponseHeader and passes their values in this order, each after a
// NUL but the first, through the string buffer with the respond entry
// ("" when none came), so an answer's headers cost Go no crossing and no
// map of every header (jsbridge/fetch_js.go).
var AnswerHeaders = [...]string{"X-Credits", "Retry-After"}

// The limits of a call.
const (
	// MaxArgs bounds the arguments of one call; the loader passes at most
	// one more, so Go can tell that there were too many.
	MaxArgs = 64
	// MaxNameLength bounds an app or function name (the loader opens no
	// connect popup for a longer one).
	MaxNameLength = 1024
)

// constant is one contract value under its JavaScript name.
type constant struct {
	name  string
	value string // JavaScript source
}

func num(name string, v int) constant { return constant{name, strconv.Itoa(v)} }
func str(name, v string) constant     { return constant{name, strconv.Quote(v)} }
func list(name string, v []string) constant {
	return constant{name, "[" + strings.Join(quoteAll(v), ", ") + "]"}
}
func quoteAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strconv.Quote(s)
	}
	return out
}

// constants lists every value above under its JavaScript name: Go's name
// in upper snake case (OpCreate → OP_CREATE).
func constants() []constant {
	return []constant{
		str("GLOBAL", GlobalName),
		num("OP_CREATE", OpCreate), num("OP_ATTR", OpAttr), num("OP_REMOVE_ATTR", OpRemoveAttr),
		num("OP_TEXT", OpText), num("OP_APPEND", OpAppend), num("OP_REMOVE", OpRemove),
		num("OP_CLEAR", OpClear), num("OP_VALUE", OpValue), num("OP_CHECKED", OpChecked),
		num("OP_FOCUS", OpFocus), num("OP_LISTEN", OpListen), num("OP_UNLISTEN", OpUnlisten),
		num("OP_FREE", OpFree),
		num("Q_ATTR", QAttr), num("Q_VALUE", QValue), num("Q_CHECKED", QChecked),
		num("Q_BY_ID", QByID), num("Q_ACTIVE", QActive), num("Q_FOCUSABLES", QFocusables),
		num("Q_SAME", QSame), num("Q_BODY", QBody), num("Q_HEAD", QHead), num("Q_SCROLL", QScroll),
		num("FIRST_QUERY", FirstQuery), str("PAGE_NODE", PageNodePrefix),
		str("DISPATCH_PREVENT", DispatchPrevent), str("DISPATCH_GONE", DispatchGone),
		num("DISPATCH_DONE_CODE", DispatchDoneCode), num("DISPATCH_PREVENT_CODE", DispatchPreventCode), num("DISPATCH_GONE_CODE", DispatchGoneCode),
		str("EXPORT_CALL", ExportCall), str("EXPORT_CANCEL", ExportCancel), str("EXPORT_DESTROY", ExportDestroy),
		str("EXPORT_RESPOND", ExportRespond), str("EXPORT_DISPATCH", ExportDispatch), str("EXPORT_FLUSH", ExportFlush),
		num("KIND_UNDEFINED", KindUndefined), num("KIND_NULL", KindNull), num("KIND_BOOL", KindBool),
		num("KIND_NUMBER", KindNumber), num("KIND_STRING", KindString), num("KIND_ARRAY", KindArray),
		num("KIND_OBJECT", KindObject), num("KIND_FUNCTION", KindFunction), num("KIND_SYMBOL", KindSymbol),
		num("KIND_BIGINT", KindBigInt), num("KINDS_PACKED", KindsPacked),
		num("FORM_UNDEFINED", FormUndefined), num("FORM_NUMBER", FormNumber), num("FORM_BOOL", FormBool),
		num("FORM_STRING", FormString), num("FORM_JSON", FormJSON), num("FORM_HELD", FormHeld), num("FORM_ERROR", FormError), num("FORM_WITH", FormWith),
		num("EVENT_SHIFT", EventShift), num("EVENT_PREVENTED", EventPrevented),
		str("FAIL_TOO_LARGE", FailTooLarge), str("FAIL_TIMEOUT", FailTimeout), str("FAIL_NETWORK", FailNetwork),
		list("ANSWER_HEADERS", AnswerHeaders[:]),
		str("IMPORT_MODULE", ImportModule), list("IMPORTS", Imports[:]),
		num("MAX_ARGS", MaxArgs), num("MAX_NAME_LENGTH", MaxNameLength),
	}
}

// Names returns the JavaScript names [JS] declares, METHODS included.
func Names() []string {
	cs := constants()
	out := make([]string, 0, len(cs)+1)
	for _, c := range cs {
		out = append(out, c.name)
	}
	return append(out, "METHODS")
}

// JS is the contract as an ES module, web/loader/contract.mjs: one exported
// const per value, and METHODS, the program's method list. build.sh puts it
// at the top of the loader (without the exports); tests serve it beside
// renderer.mjs.
func JS(methods []string) string {
	var b strings.Builder
	b.WriteString("// Generated from internal/contract and wasm/contract.go by `go run ./wasm -contract`: do not edit.\n")
	for _, c := range constants() {
		b.WriteString("export const " + c.name + " = " + c.value + ";\n")
	}
	b.WriteString("export const METHODS = [" + strings.Join(quoteAll(methods), ", ") + "];\n")
	return b.String()
}
