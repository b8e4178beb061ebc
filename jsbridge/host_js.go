//go:build js && wasm

package jsbridge

import (
	"strconv"
	"sync"
	"syscall/js"

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

// host holds the loader's functions, set once by init.
var host struct {
	settle  js.Value // settle(callId, ok, value)
	error   js.Value // error(code, message, status, details, cause) → Error
	emit    js.Value // emit(handle, name, payload)
	request js.Value // request(id, spec, whole, limit, timeout): see Fetch.Start (fetch_js.go)
	abort   js.Value // abort(id)
	render  js.Value // render(ops) → answers
	later   js.Value // later(id, ms): dispatch(id) after ms, two frames if ms < 0, a flush if id is 0
	message js.Value // message(id, on): dispatch(id, event) for every window message event while on
	popup   js.Value // popup() → the connect window, opened now, or null
}

// persistent counts the js.Funcs of the API object, which live as long as
// the program; see [LiveCallbacks].
var persistent int

// Export publishes the API object at globalThis[name]. It must run in main
// before main first blocks, so the object exists as soon as the loader's
// go.run() returns.
func Export(name string, e Exports) {
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
		h := arg(a, 0)
		for key, dst := range map[string]*js.Value{
			"settle": &host.settle, "error": &host.error, "emit": &host.emit, "request": &host.request,
			"abort": &host.abort, "render": &host.render, "later": &host.later, "message": &host.message,
			"popup": &host.popup,
		} {
			v, _ := get(h, key)
			*dst = v
		}
		return nil
	})
	fn("create", func(a []js.Value) any {
		e.Create(arg(a, 0).Int(), Value{arg(a, 1)})
		return nil
	})
	fn("call", func(a []js.Value) any {
		callID := arg(a, 1).Int()
		method, ok := jsString(arg(a, 2))
		if !ok {
			Reject(callID, InvalidArgument("the method name must be a string"))
			return nil
		}
		// The method's own arguments follow the four of the entry.
		var args Args
		if len(a) > 4 {
			args = Args(a[4:])
		}
		if len(args) > maxArgs {
			Reject(callID, InvalidArgument("a call takes at most "+strconv.Itoa(maxArgs)+" arguments"))
			return nil
		}
		e.Call(arg(a, 0).Int(), callID, method, args, arg(a, 3).Truthy())
		return nil
	})
	fn("cancel", func(a []js.Value) any {
		e.Cancel(arg(a, 0).Int(), arg(a, 1).Int())
		return nil
	})
	fn("destroy", func(a []js.Value) any {
		e.Destroy(arg(a, 0).Int())
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
	fn("respond", respond)
	listenCollector()
	fn("dispatch", dispatch)
	fn("flush", func([]js.Value) any { return flushDOM() })
	global.Set(name, js.ValueOf(obj))
}

func arg(a []js.Value, i int) js.Value {
	if i < len(a) {
		return a[i]
	}
	return js.Undefined()
}

// maxArgs bounds the arguments of one call.
const maxArgs = contract.MaxArgs

// Resolve settles the page's promise callID with v, converted by [ToJS].
// A value that cannot be converted rejects it with code internal instead.
func Resolve(callID int, v any) {
	jv, err := ToJS(v)
	if err != nil {
		Reject(callID, err)
		return
	}
	if err := try(func() { host.settle.Invoke(callID, true, jv.v) }); err != nil {
		ConsoleError("integry: could not settle a promise: " + err.Error())
	}
	jv = Value{}
	releasePinned()
}

// Reject settles the page's promise callID with the IntegryError for err.
func Reject(callID int, err error) {
	e := ErrorValue(err)
	if err := try(func() { host.settle.Invoke(callID, false, e.v) }); err != nil {
		ConsoleError("integry: could not settle a promise: " + err.Error())
	}
	releasePinned()
}

// Emit delivers an event of instance handle to the page's handlers;
// payload is converted by [ToJS] (an error becomes an IntegryError).
func Emit(handle int, name string, payload any) {
	var jv Value
	if err, ok := payload.(error); ok {
		jv = ErrorValue(err)
	} else {
		var err error
		if jv, err = ToJS(payload); err != nil {
			ConsoleError("integry: an event payload could not be converted: " + err.Error())
			return
		}
	}
	if err := try(func() { host.emit.Invoke(handle, name, jv.v) }); err != nil {
		ConsoleError("integry: could not emit " + strconv.Quote(name) + ": " + err.Error())
	}
}

// JSON marks JSON text that the page must receive parsed.
type JSON []byte

// ToJS converts a Go result for the page:
//
//   - nil is undefined; a [Value] is itself;
//   - a string, bool, int or float64 is the JavaScript primitive;
//   - an [sdk.Doc] the browser parsed is that same value; any other Doc,
//     and [JSON] text, go through JSON.parse (once, in the browser's
//     parser: results never cross field by field).
func ToJS(v any) (Value, error) {
	switch x := v.(type) {
	case nil:
		return Undefined(), nil
	case Value:
		return x, nil
	case string:
		return String(x), nil
	case bool:
		return Bool(x), nil
	case int:
		return Number(float64(x)), nil
	case float64:
		return Number(x), nil
	case *jsDoc:
		return Value{x.v}, nil
	case sdk.Doc:
		if x == nil {
			return Value{js.Null()}, nil
		}
		return parseJSON(x.JSON())
	case JSON:
		return parseJSON(x)
	}
	return Undefined(), &sdk.Error{Code: sdk.CodeInternal, Message: "jsbridge: no JavaScript form for a Go value"}
}

func parseJSON(b []byte) (Value, error) {
	var out js.Value
	err := try(func() { out = jsJSON.Call("parse", string(b)) })
	return Value{out}, err
}

// LiveCallbacks is how many Go functions JavaScript can call: the API
// object's entry points plus every registered listener and timer. The leak
// tests check that it returns to its baseline.
func LiveCallbacks() int {
	listeners.Lock()
	defer listeners.Unlock()
	return persistent + len(listeners.m)
}

// listeners are the Go callbacks the page's events reach through dispatch:
// DOM listeners, timers and message listeners, by id.
var listeners = struct {
	sync.Mutex
	next int
	m    map[int]func(ev, target js.Value) bool
}{m: map[int]func(js.Value, js.Value) bool{}}

// listen registers fn for dispatch and returns its id. fn returns whether
// the event's default action must be prevented.
func listen(fn func(ev, target js.Value) bool) int {
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

// dispatch(id, event, target) runs listener id; target is the renderer's id
// of event.target, for DOM events. It returns the DOM operations the
// listener queued, prefixed with [contract.DispatchPrevent] when the
// event's default action must be prevented, so one crossing both delivers
// the event and renders its effect. When listener id is gone (Go removes a
// listener at once, the renderer only when it applies the queued unlisten),
// the operations are prefixed with [contract.DispatchGone]: nobody took the
// target, and the renderer forgets it.
func dispatch(a []js.Value) any {
	id := arg(a, 0).Int()
	listeners.Lock()
	fn := listeners.m[id]
	listeners.Unlock()
	if fn == nil {
		return contract.DispatchGone + flushDOM().(string)
	}
	prevent := false
	inDispatch.Store(true)
	func() {
		defer func() {
			if r := recover(); r != nil {
				ConsoleError("integry: internal error in an event listener: " + sdk.PanicText(r))
			}
		}()
		prevent = fn(arg(a, 1), arg(a, 2))
	}()
	inDispatch.Store(false)
	ops := flushDOM()
	if prevent {
		return contract.DispatchPrevent + ops.(string) // a copy, as + makes one
	}
	return ops
}
