//go:build js && wasm

package jsbridge

import (
	"sync/atomic"
)

// The DOM side of the bridge. Package ui builds the page's widgets as
// operations on a batched document (ui/batch.go); this file carries those
// operations to the loader's renderer in one crossing and brings DOM events
// back. See docs/design.md#rendering for the operation format.

var (
	domFlush   func() []byte // the batched document's pending operations
	inDispatch atomic.Bool   // a listener is running inside dispatch
)

// SetDOMFlush installs the function that takes the batched document's
// pending operations. The loader applies them after every dispatch, when
// [FlushSoon] asked it to, and before every [Render].
func SetDOMFlush(f func() []byte) { domFlush = f }

// flushOps takes the batched document's pending operations. The loader
// decodes them from Go's memory (an address and a length), so a batch is never copied
// into a Go string first (a 500-field form's batch is 300 KB).
func flushOps() []byte {
	if domFlush == nil {
		return nil
	}
	return domFlush()
}

// Render applies ops at once and returns the renderer's answers to the
// queries among them (JSON text, an array).
func Render(ops []byte) []byte {
	p, n := at(ops)
	answers := hostRender(p, n)
	keep(ops)
	if answers < 0 {
		ConsoleError("integry: the renderer failed: " + errHost.Error())
		return nil
	}
	return received(int(answers))
}

// FlushSoon asks the loader to apply the pending operations in a microtask,
// once the running Go code has yielded. Inside a listener it does nothing:
// dispatch returns the operations itself.
func FlushSoon() {
	if inDispatch.Load() {
		return
	}
	hostLater(0, 0)
}

// DOMEvent is what a widget's listener learns of a DOM event.
type DOMEvent struct {
	Key    string // KeyboardEvent.key, "" for other events
	Shift  bool   // event.shiftKey
	Target int    // the renderer's id of event.target (0 if it has none)
	// Prevented is event.defaultPrevented as this listener starts: an
	// earlier listener of the same event (a widget inside a modal) used it.
	Prevented bool
}

// ListenDOM registers a DOM listener for the renderer's listen operation and
// returns its id. fn runs inside dispatch, on the event loop: it must not
// wait. It returns whether to prevent the event's default action.
//
// MDN: https://developer.mozilla.org/docs/Web/API/Event
func ListenDOM(fn func(DOMEvent) bool) int {
	return listen(func(ev *event) bool {
		// The loader read the event (web/loader/abi.mjs, dispatch): the
		// page can dispatch events of its own on Go's elements, even of a
		// class with throwing getters, and a throw there is the loader's.
		return fn(DOMEvent{Key: ev.key, Shift: ev.flags&eventShift != 0, Target: ev.target, Prevented: ev.flags&eventPrevented != 0})
	})
}

// Unlisten forgets listener id; a later event for it does nothing.
func Unlisten(id int) { unlisten(id) }

// Later runs fn once after ms milliseconds (setTimeout), or after two
// animation frames when ms is negative (when what was built is on screen).
// fn runs inside dispatch, on the event loop: it must not wait. cancel stops
// it if it has not run.
//
// MDN: https://developer.mozilla.org/docs/Web/API/Window/setTimeout,
// https://developer.mozilla.org/docs/Web/API/Window/requestAnimationFrame
func Later(ms int, fn func()) (cancel func()) {
	var id int
	id = listen(func(*event) bool {
		unlisten(id)
		fn()
		return false
	})
	if hostLater(int32(id), int32(ms)) < 0 {
		unlisten(id)
	}
	return func() { unlisten(id) }
}
