//go:build js && wasm

package jsbridge

import (
	"errors"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall/js"
	"unsafe"

	"github.com/integry-go/integry/internal/contract"
	"github.com/integry-go/integry/sdk"
)

// The contract between the loader (web/loader/loader.mjs) and Go, described
// in docs/design.md#bridge. Go publishes one object of entry points; the
// loader hands Go one object of host functions. Both sides live as long as
// the page: no js.Func is made per call, per request or per listener.

// Exports are the Go entry points of the API object, besides the ones
// jsbridge adds itself (init, respond, dispatch, flush). Each runs inside a
// recover: a panic is reported on the console, never thrown into the page.
type Exports struct {
	// Version is compared by the loader with its own; a mismatch refuses
	// to start.
	Version string
	// Methods lists the promise-returning methods Call accepts, as the
	// loader also lists them (docs/design.md#methods).
	Methods []string
	// Create makes instance handle from the config the loader checked.
	Create func(handle int, config Value)
	// Call starts method on instance handle; the result goes to the page
	// through [Resolve] or [Reject] with callID. cancellable says the page
	// passed an AbortSignal: Cancel may end the call, and what it rendered,
	// at any time.
	Call func(handle, callID int, method string, args Args, cancellable bool)
	// Cancel ends call callID of instance handle (its AbortSignal fired).
	Cancel func(handle, callID int)
	// Destroy ends instance handle.
	Destroy func(handle int)
	// Stats reports what the leak tests compare.
	Stats func() Value
	// Warm runs the code paths the first render needs, off the page, so the
	// browser compiles them before a page needs them; the loader calls it
	// once, at idle time after the program starts. It may be nil.
	Warm func()
}

// host holds the loader's functions Go calls through syscall/js, set once
// by init: the rare ones, and those that answer a page value. The ones a
// call, an answer and a DOM event use are imported (imports_js.go).
type hostFuncs struct {
	settle  js.Value // settle(callId, ok, value): a value no form carries
	error   js.Value // error(code, message, status, details, cause) → Error
	emit    js.Value // emit(handle, name, payload): a payload no form carries
	message js.Value // message(id, on): dispatch(id) for every window message event while on
	popup   js.Value // popup() → the connect window, opened now, or null

	// The ABI (abi_js.go).
	buffer     js.Value // buffer(at, length): where JavaScript writes strings for Go
	frameValue js.Value // frameValue(i) → the value itself
	thrown     js.Value // thrown() → what frameJSON's JSON.stringify threw
	make       js.Value // make(form, num, details, at, length) → the value in that form (ToJS)
}

var host hostFuncs

// persistent counts the js.Funcs of the API object, which live as long as
// the program; see [LiveCallbacks].
var persistent int

// Export publishes the API object at globalThis[name]. It must run in main
// before main first blocks, so the object exists as soon as the loader's
// go.run() returns. The entries a call, a request and a DOM event take
// are the module's go:wasmexport functions (abi_js.go), not members of
// this object.
func Export(name string, e Exports) {
	exported = e
	methods := make([]any, len(e.Methods))
	for i, m := range e.Methods {
		methods[i] = m
	}
	obj := map[string]any{
		"version": e.Version,
		"methods": methods,
	}
	fn := func(name string, f func(args []js.Value) any) {
		obj[name] = js.FuncOf(func(_ js.Value, args []js.Value) (out any) {
			defer func() {
				if r := recover(); r != nil {
					ConsoleError("integry: internal error in " + name + ": " + sdk.PanicText(r))
					out = nil
				}
			}()
			return f(args)
		})
		persistent++
	}
	fn("init", func(a []js.Value) any {
		setHost(arg(a, 0))
		return nil
	})
	fn("create", func(a []js.Value) any {
		e.Create(arg(a, 0).Int(), Value{arg(a, 1)})
		return nil
	})
	fn("stats", func([]js.Value) any { return e.Stats().v })
	fn("warm", func([]js.Value) any {
		if e.Warm != nil {
			e.Warm()
		}
		return nil
	})
	fn("crash", func([]js.Value) any {
		// The loader's test hook (IntegryJS.__testing.kill): a panic no
		// recover sees ends the program, as a real fatal error would.
		go func() { panic("integry: the runtime was killed on purpose (IntegryJS.__testing.kill)") }()
		return nil
	})
	listenCollector()
	global.Set(name, js.ValueOf(obj))
}

// setHost takes the loader's host functions (init), and tells the loader
// where the string buffer is.
func setHost(h js.Value) {
	fields := (*[unsafe.Sizeof(host) / unsafe.Sizeof(js.Value{})]js.Value)(unsafe.Pointer(&host))
	i := 0
	for name := range strings.FieldsSeq(hostNames) {
		fields[i], _ = get(h, name)
		i++
	}
	_ = try(func() { host.buffer.Invoke(addr(inBuf), len(inBuf)) })
}

// hostNames are host's fields, in their order, as the loader names them
// (a test checks both): setHost fills them by position, in a loop, where a
// table of names and addresses cost the bundle 7 KB of code.
const hostNames = "settle error emit message popup buffer frameValue thrown make"

func arg(a []js.Value, i int) js.Value {
	if i < len(a) {
		return a[i]
	}
	return js.Undefined()
}

// maxArgs bounds the arguments of one call.
const maxArgs = contract.MaxArgs

// Resolve settles the page's promise callID with v, converted as [ToJS]
// says: in its form (out), so without a js.Value unless v is a [Value]. A
// value that cannot be converted rejects it with code internal instead.
func Resolve(callID int, v any) {
	var err error
	if o, ok := outOf(v); ok {
		err = settleOut(callID, 1, o)
	} else if jv, ok := v.(Value); ok {
		err = try(func() { host.settle.Invoke(callID, true, jv.v) })
	} else {
		err = errNoForm
	}
	if err != nil {
		Reject(callID, &sdk.Error{Code: sdk.CodeInternal, Message: "jsbridge: the result could not be made: " + err.Error()})
		return
	}
	releasePinned()
}

// Reject settles the page's promise callID with the IntegryError for err.
func Reject(callID int, err error) {
	if o, ok := errorOut(err); !ok || settleOut(callID, 0, o) != nil {
		e := ErrorValue(err)
		if err := try(func() { host.settle.Invoke(callID, false, e.v) }); err != nil {
			ConsoleError("integry: could not settle a promise: " + err.Error())
		}
	}
	releasePinned()
}

var errNoForm = &sdk.Error{Code: sdk.CodeInternal, Message: "jsbridge: no JavaScript form for a Go value"}

// out is a Go value as the loader makes it from numbers and one string
// (web/loader/abi.mjs, make): a result, an event's payload or an error
// reaches the page without a js.Value in Go.
type out struct {
	form    int     // contract.Form*
	num     float64 // the number, the held value's number or the error's status
	details int     // an error's held details (> 0), or -1: their JSON ends the text
	text    []byte
}

// outOf is v's form, as [ToJS] converts it; ok is false for a [Value], an
// error with a JavaScript cause and a Go value without a JavaScript form.
func outOf(v any) (o out, ok bool) {
	switch x := v.(type) {
	case nil:
	case string:
		o.form, o.text = contract.FormString, unsafe.Slice(unsafe.StringData(x), len(x))
	case bool:
		o.form = contract.FormBool
		if x {
			o.num = 1
		}
	case int:
		o.form, o.num = contract.FormNumber, float64(x)
	case float64:
		o.form, o.num = contract.FormNumber, x
	case *heldDoc:
		o.form, o.num = contract.FormHeld, float64(x.id)
	case JSON:
		o.form, o.text = contract.FormJSON, x
	case *out:
		o = *x
	case sdk.Doc:
		o.form, o.text = contract.FormJSON, x.JSON()
	case error:
		return errorOut(x)
	default:
		return o, false
	}
	return o, true
}

// errorOut is the IntegryError for err in its form: its code, NUL and its
// message, the status as the number, and its details held or as JSON; ok
// is false when err carries a value thrown in JavaScript (its cause).
func errorOut(err error) (o out, ok bool) {
	e := sdk.AsError(err)
	if e == nil {
		e = &sdk.Error{Code: sdk.CodeInternal, Message: "unknown error"}
	}
	if _, ok := errors.AsType[*thrownError](e.Err); ok {
		return o, false
	}
	msg := e.Message
	if msg == "" {
		msg = string(e.Code)
	}
	o.form, o.num = contract.FormError, float64(e.Status)
	o.text = append(append(append(o.text, e.Code...), 0), msg...)
	if d, ok := e.Details.(*heldDoc); ok {
		o.details = d.id
	} else if e.Details != nil {
		o.details = -1
		o.text = append(append(o.text, 0), e.Details.JSON()...)
	}
	return o, true
}

// settleOut settles promise callID with o: one crossing, numbers and the
// text's address. ok is 1 to resolve, 0 to reject.
func settleOut(callID, ok int, o out) error {
	p, n := at(o.text)
	code := hostSettleWith(int32(callID), int32(ok), int32(o.form), o.num, int32(o.details), p, n)
	keep(o.text)
	return hostErr(code)
}

// Emit delivers an event of instance handle to the page's handlers;
// payload is converted by [ToJS] (an error becomes an IntegryError), in its
// form (out), so without a js.Value unless it is a [Value] or an error with
// a JavaScript cause.
func Emit(handle int, name string, payload any) {
	var err error
	if o, ok := outOf(payload); ok {
		text := append(append([]byte(name), 0), o.text...)
		p, n := at(text)
		err = hostErr(hostEmitWith(int32(handle), int32(o.form), o.num, int32(o.details), p, n))
		keep(text)
	} else {
		jv, ok := payload.(Value)
		if e, isErr := payload.(error); isErr {
			jv, ok = ErrorValue(e), true
		}
		err = errNoForm
		if ok {
			err = try(func() { host.emit.Invoke(handle, name, jv.v) })
		}
	}
	if err != nil {
		ConsoleError("integry: could not emit " + strconv.Quote(name) + ": " + err.Error())
	}
}

// With is [Fields](kv...) whose first member's value is doc (kv[1] is
// replaced; nil is null). The page receives it without a js.Value in Go,
// and an answer's body held by the loader goes in by its number, not
// copied through JSON: a page of a paginated function ({result, next})
// costs what the call's own result costs.
func With(doc sdk.Doc, kv ...any) any {
	if h, ok := doc.(*heldDoc); ok {
		return &out{form: contract.FormWith, num: float64(h.id), text: Fields(kv...)}
	}
	if doc != nil && len(kv) > 1 {
		kv[1] = JSON(doc.JSON())
	}
	return Fields(kv...)
}

// JSON marks JSON text that the page must receive parsed.
type JSON []byte

// ToJS converts a Go result for the page:
//
//   - nil is undefined; a [Value] is itself;
//   - a string, bool, int or float64 is the JavaScript primitive;
//   - a Doc of an answer is the value the browser parsed, held by the
//     loader; any other Doc, and [JSON] text, go through JSON.parse (once,
//     in the browser's parser: results never cross field by field).
//
// [Resolve] and [Emit] convert the same way without making the js.Value.
func ToJS(v any) (Value, error) {
	if x, ok := v.(Value); ok {
		return x, nil
	}
	o, ok := outOf(v)
	if !ok {
		return Undefined(), errNoForm
	}
	var jv js.Value
	err := try(func() { jv = host.make.Invoke(o.form, o.num, o.details, addr(o.text), len(o.text)) })
	runtime.KeepAlive(o.text)
	return Value{jv}, err
}

// LiveCallbacks is how many Go functions JavaScript can call: the API
// object's entry points plus every registered listener and timer. The leak
// tests check that it returns to its baseline.
func LiveCallbacks() int {
	listeners.Lock()
	defer listeners.Unlock()
	return persistent + len(listeners.m)
}

// event is what dispatch learns of the event it delivers: the loader
// passes numbers (and a keyboard event's key through the buffer), so a DOM
// event makes no js.Value in Go.
type event struct {
	key    string // KeyboardEvent.key, "" for other events
	flags  int    // contract.EventShift, contract.EventPrevented
	target int    // the renderer's id of event.target (0 if it has none)
}

// The flags of dispatch (web/loader/abi.mjs, dispatch).
const (
	eventShift     = contract.EventShift
	eventPrevented = contract.EventPrevented
)

// listeners are the Go callbacks the page's events reach through dispatch:
// DOM listeners, timers and message listeners, by id.
var listeners = struct {
	sync.Mutex
	next int
	m    map[int]func(*event) bool
}{m: map[int]func(*event) bool{}}

// listen registers fn for dispatch and returns its id. fn returns whether
// the event's default action must be prevented.
func listen(fn func(*event) bool) int {
	listeners.Lock()
	defer listeners.Unlock()
	listeners.next++
	listeners.m[listeners.next] = fn
	return listeners.next
}

func unlisten(id int) {
	listeners.Lock()
	defer listeners.Unlock()
	delete(listeners.m, id)
}

// dispatch(id, target, flags, keyLength) runs listener id; target is the
// renderer's id of event.target, for DOM events, and a keyboard event's key
// is the first keyLength bytes of the buffer. The DOM operations the
// listener queued go to host.out, and the result says whether the event's
// default action must be prevented ([contract.DispatchPreventCode]), so one
// crossing both delivers the event and renders its effect. When listener id
// is gone (Go removes a listener at once, the renderer only when it applies
// the queued unlisten), the result is [contract.DispatchGoneCode]: nobody
// took the target, and the renderer forgets it.
func dispatch(id, target, flags, keyLen int) int {
	ev := event{target: target, flags: flags}
	if keyLen > 0 && keyLen <= len(inBuf) {
		ev.key = string(inBuf[:keyLen]) // copied before anything else crosses
	}
	listeners.Lock()
	fn := listeners.m[id]
	listeners.Unlock()
	if fn == nil {
		sendOut(flushOps())
		return contract.DispatchGoneCode
	}
	prevent := false
	inDispatch.Store(true)
	func() {
		defer func() {
			if r := recover(); r != nil {
				ConsoleError("integry: internal error in an event listener: " + sdk.PanicText(r))
			}
		}()
		prevent = fn(&ev)
	}()
	inDispatch.Store(false)
	sendOut(flushOps())
	if prevent {
		return contract.DispatchPreventCode
	}
	return contract.DispatchDoneCode
}
