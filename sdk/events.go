package sdk

import (
	"sync"
)

// Event names an event. Names are free strings, as in the official SDK; the
// constants are the ones the SDK itself emits.
type Event string

// Events the SDK emits (docs/protocol.md#events).
const (
	EventReady             Event = "ready"               // ReadyPayload, after the config is verified
	EventError             Event = "error"               // *Error, when verification fails or a widget's goroutine panicked
	EventAppConnected      Event = "app-connected"       // *App with ConnectedAccountID
	EventAppDisconnected   Event = "app-disconnected"    // *App with ConnectedAccountID
	EventModalClosed       Event = "modal-closed"        // struct{}{}
	EventDidRenderFunction Event = "did-render-function" // RenderPayload
)

// ReadyPayload is the payload of [EventReady].
type ReadyPayload struct {
	IsReady bool
}

// PanicText describes a recovered panic value without fmt: the text of an
// error or a string, else a generic phrase. (A case for fmt.Stringer would
// make the linker keep every String method of every type the program puts
// in an interface, the time package's formatting among them.)
func PanicText(r any) string {
	switch x := r.(type) {
	case error:
		return x.Error()
	case string:
		return x
	}
	return "a panic with a value of an unprintable type"
}

// Handler receives an event's payload.
type Handler func(payload any)

// Emitter is an instance-scoped event bus. Handlers run on the emitting
// goroutine, in registration order, outside the lock, so a handler may
// subscribe or unsubscribe. A handler that panics is reported (see
// [Emitter.OnPanic]) and the others still run. The zero value is not usable;
// call [NewEmitter].
type Emitter struct {
	mu     sync.Mutex
	nextID uint64
	subs   map[Event][]subscription
	report func(name Event, recovered any)
}

type subscription struct {
	id   uint64
	key  any // identity for Off; nil when subscribed without one
	fn   Handler
	once bool
}

// NewEmitter returns an empty Emitter that reports panicking handlers on
// standard error (the browser console under wasm).
func NewEmitter() *Emitter {
	return &Emitter{
		subs: map[Event][]subscription{},
		report: func(name Event, r any) {
			println("integry: a \"" + string(name) + "\" handler panicked: " + PanicText(r))
		},
	}
}

// OnPanic sets where panicking handlers are reported.
func (e *Emitter) OnPanic(report func(name Event, recovered any)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.report = report
}

// On calls fn for every name event until the returned func is called.
func (e *Emitter) On(name Event, fn Handler) (unsubscribe func()) {
	return e.Subscribe(name, nil, fn, false)
}

// Once calls fn for the next name event only.
func (e *Emitter) Once(name Event, fn Handler) (unsubscribe func()) {
	return e.Subscribe(name, nil, fn, true)
}

// Subscribe registers fn for name under an identity key (any comparable
// value, or nil for none), so that [Emitter.Off] can later remove every
// registration with that key, as the JavaScript off(name, fn) does.
func (e *Emitter) Subscribe(name Event, key any, fn Handler, once bool) (unsubscribe func()) {
	e.mu.Lock()
	e.nextID++
	id := e.nextID
	e.subs[name] = append(e.subs[name], subscription{id: id, key: key, fn: fn, once: once})
	e.mu.Unlock()
	return func() { e.remove(name, func(s subscription) bool { return s.id == id }) }
}

// Off removes every registration of name made with key.
func (e *Emitter) Off(name Event, key any) {
	if key == nil {
		return
	}
	e.remove(name, func(s subscription) bool { return s.key == key })
}

// OffAll removes every registration of every event.
func (e *Emitter) OffAll() {
	e.mu.Lock()
	defer e.mu.Unlock()
	clear(e.subs)
}

// Len returns how many registrations name has.
func (e *Emitter) Len(name Event) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.subs[name])
}

// Total returns how many registrations there are across all events.
func (e *Emitter) Total() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, s := range e.subs {
		n += len(s)
	}
	return n
}

// Emit calls the handlers of name with payload. Once-handlers are removed
// before any handler runs, so a re-entrant Emit does not run them twice.
func (e *Emitter) Emit(name Event, payload any) {
	e.mu.Lock()
	subs := append([]subscription(nil), e.subs[name]...)
	kept := e.subs[name][:0:0]
	for _, s := range e.subs[name] {
		if !s.once {
			kept = append(kept, s)
		}
	}
	if len(kept) == 0 {
		delete(e.subs, name)
	} else {
		e.subs[name] = kept
	}
	report := e.report
	e.mu.Unlock()
	for _, s := range subs {
		call(name, s.fn, payload, report)
	}
}

func call(name Event, fn Handler, payload any, report func(Event, any)) {
	defer func() {
		if r := recover(); r != nil && report != nil {
			report(name, r)
		}
	}()
	fn(payload)
}

func (e *Emitter) remove(name Event, match func(subscription) bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	var kept []subscription
	for _, s := range e.subs[name] {
		if !match(s) {
			kept = append(kept, s)
		}
	}
	if len(kept) == 0 {
		delete(e.subs, name)
	} else {
		e.subs[name] = kept
	}
}
