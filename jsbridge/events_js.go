//go:build js && wasm

package jsbridge

import (
	"sync"

	"github.com/hack-pad/safejs"
	"github.com/integry-go/integry/sdk"
)

// Events adapts an [sdk.Emitter] to the JavaScript eventEmitter of one
// IntegryJS instance: on, once, off (and its documented alias unsub), offAll
// and emit, with the official SDK's semantics (wire spec §6):
//
//   - on(name, fn) appends; the same fn may be registered twice;
//   - once(name, fn) runs fn once, then removes every registration of fn for
//     name, as off would;
//   - off(name, fn) removes every registration of fn for name;
//   - handlers run in registration order with this = null; one that throws
//     is reported with console.error and the others still run.
//
// JavaScript functions cannot be map keys in Go, so Events keeps a table
// from (name, function) to the identity key the Emitter uses, comparing
// functions with ===. Payloads of events Go emits cross as JSON (an error
// becomes an IntegryError); emit from JavaScript passes its arguments as
// they are.
type Events struct {
	em   *sdk.Emitter
	mu   sync.Mutex
	next int
	keys map[sdk.Event][]entry
}

type entry struct {
	fn  safejs.Value
	key *handlerKey
}

// handlerKey is the Emitter identity of one (event, function) pair.
type handlerKey struct{ id int }

// JSArgs is the payload of an event emitted from JavaScript: the arguments
// after the name, handed to handlers unchanged.
type JSArgs []safejs.Value

// NewEvents adapts em, and reports handlers that panic in Go on the console.
func NewEvents(em *sdk.Emitter) *Events {
	em.OnPanic(func(name sdk.Event, r any) {
		ConsoleError("integry: a \""+string(name)+"\" handler failed:", panicError(r).Message)
	})
	return &Events{em: em, keys: map[sdk.Event][]entry{}}
}

// Emitter returns the adapted Emitter.
func (ev *Events) Emitter() *sdk.Emitter { return ev.em }

func (ev *Events) key(name sdk.Event, fn safejs.Value) *handlerKey {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	for _, e := range ev.keys[name] {
		if e.fn.Equal(fn) {
			return e.key
		}
	}
	ev.next++
	k := &handlerKey{id: ev.next}
	ev.keys[name] = append(ev.keys[name], entry{fn: fn, key: k})
	return k
}

// On registers fn for name; once makes it run a single time.
func (ev *Events) On(name string, fn safejs.Value, once bool) error {
	if Kind(fn) != safejs.TypeFunction {
		return InvalidArgument("the handler must be a function")
	}
	n := sdk.Event(name)
	k := ev.key(n, fn)
	ev.em.Subscribe(n, k, func(payload any) {
		if once {
			ev.Off(name, fn)
		}
		call(name, fn, payload)
	}, false)
	return nil
}

// Off removes every registration of fn for name. An unknown pair does nothing.
func (ev *Events) Off(name string, fn safejs.Value) {
	n := sdk.Event(name)
	ev.mu.Lock()
	var key *handlerKey
	kept := ev.keys[n][:0:0]
	for _, e := range ev.keys[n] {
		if e.fn.Equal(fn) {
			key = e.key
		} else {
			kept = append(kept, e)
		}
	}
	if len(kept) == 0 {
		delete(ev.keys, n)
	} else {
		ev.keys[n] = kept
	}
	ev.mu.Unlock()
	if key != nil {
		ev.em.Off(n, key)
	}
}

// OffAll removes every handler of every event, including those Go code
// registered on the Emitter.
func (ev *Events) OffAll() {
	ev.mu.Lock()
	clear(ev.keys)
	ev.mu.Unlock()
	ev.em.OffAll()
}

// Emit calls the handlers of name with args.
func (ev *Events) Emit(name string, args []safejs.Value) {
	ev.em.Emit(sdk.Event(name), JSArgs(args))
}

// Len returns how many handlers are registered, over all events.
func (ev *Events) Len() int { return ev.em.Total() }

// call runs one handler with this = null. A throwing handler is reported on
// the console, with the thrown value, and does not stop the others.
func call(name string, fn safejs.Value, payload any) {
	var args []any
	args = append(args, safejs.Null())
	switch p := payload.(type) {
	case JSArgs:
		for _, a := range p {
			args = append(args, a)
		}
	default:
		v, err := ToJS(p)
		if err != nil {
			ConsoleError("integry: the \""+name+"\" payload cannot cross to JavaScript:", err.Error())
			return
		}
		args = append(args, v)
	}
	if _, err := fn.Call("call", args...); err != nil {
		thrown, _ := Thrown(err)
		ConsoleError("integry: a \""+name+"\" event handler threw:", thrown)
	}
}
