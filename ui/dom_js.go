//go:build js && wasm

package ui

import (
	"fmt"
	"os"
	"time"

	"github.com/hack-pad/safejs"
)

// focusableSelector finds what Tab can reach in a dialog.
const focusableSelector = `a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), ` +
	`select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])`

// browserDocument is [Document] over the page's document through safejs, so
// a throwing DOM call becomes an ignored error instead of a panic.
//   - Document: https://developer.mozilla.org/docs/Web/API/Document
type browserDocument struct {
	doc safejs.Value
	win safejs.Value
}

// NewBrowserDocument returns the page's document as a [Document], or an
// error when there is no document (a worker, node).
func NewBrowserDocument() (Document, error) {
	win := safejs.Global()
	doc, err := win.Get("document")
	if err != nil || doc.IsUndefined() || doc.IsNull() {
		return nil, fmt.Errorf("ui: no document in this JavaScript environment")
	}
	return &browserDocument{doc: doc, win: win}, nil
}

func (d *browserDocument) wrap(v safejs.Value, err error) Element {
	if err != nil || v.IsNull() || v.IsUndefined() {
		return nil
	}
	return &browserElement{v: v, d: d}
}

func (d *browserDocument) CreateElement(tag string) Element {
	v, err := d.doc.Call("createElement", tag)
	if err != nil {
		// createElement only throws for invalid names; ours are constants.
		v, _ = d.doc.Call("createElement", "div")
	}
	return &browserElement{v: v, d: d}
}

func (d *browserDocument) Body() Element { return d.wrap(d.doc.Get("body")) }
func (d *browserDocument) Head() Element { return d.wrap(d.doc.Get("head")) }

func (d *browserDocument) ElementByID(id string) Element {
	if id == "" {
		return nil
	}
	return d.wrap(d.doc.Call("getElementById", id))
}

func (d *browserDocument) ActiveElement() Element { return d.wrap(d.doc.Get("activeElement")) }

// Later is setTimeout; the callback's js.Func is released when it has run
// or was cancelled.
//   - setTimeout: https://developer.mozilla.org/docs/Web/API/Window/setTimeout
func (d *browserDocument) Later(dur time.Duration, fn func()) func() {
	var f safejs.Func
	released := false
	release := func() {
		if !released {
			released = true
			f.Release()
		}
	}
	f, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		defer release()
		defer recoverReport("timer")
		fn()
		return nil
	})
	if err != nil {
		return func() {}
	}
	id, err := d.win.Call("setTimeout", f.Value(), dur.Milliseconds())
	if err != nil {
		release()
		return func() {}
	}
	return func() {
		if !released {
			_, _ = d.win.Call("clearTimeout", id)
			release()
		}
	}
}

// AfterPaint waits two animation frames, as the official SDK does before
// did-render-function.
//   - requestAnimationFrame: https://developer.mozilla.org/docs/Web/API/Window/requestAnimationFrame
func (d *browserDocument) AfterPaint(fn func()) {
	frames := 0
	var f safejs.Func
	f, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		frames++
		if frames < 2 {
			if _, err := d.win.Call("requestAnimationFrame", f.Value()); err == nil {
				return nil
			}
		}
		f.Release()
		defer recoverReport("paint")
		fn()
		return nil
	})
	if err != nil {
		return
	}
	if _, err := d.win.Call("requestAnimationFrame", f.Value()); err != nil {
		f.Release()
		fn()
	}
}

// recoverReport keeps a panic in a callback from ending the Go program: it
// is reported on the console instead.
func recoverReport(where string) {
	if r := recover(); r != nil {
		fmt.Fprintf(os.Stderr, "integry ui: recovered panic in %s: %v\n", where, r)
	}
}

// browserElement is [Element] over a DOM element.
//   - Element: https://developer.mozilla.org/docs/Web/API/Element
type browserElement struct {
	v safejs.Value
	d *browserDocument
}

func (e *browserElement) SetAttr(name, value string) { _, _ = e.v.Call("setAttribute", name, value) }
func (e *browserElement) RemoveAttr(name string)     { _, _ = e.v.Call("removeAttribute", name) }

func (e *browserElement) Attr(name string) string {
	v, err := e.v.Call("getAttribute", name)
	if err != nil || v.IsNull() {
		return ""
	}
	s, _ := v.String()
	return s
}

// SetText sets textContent: server text is never parsed as HTML.
func (e *browserElement) SetText(text string) { _ = e.v.Set("textContent", text) }

func (e *browserElement) Append(children ...Element) {
	for _, c := range children {
		if bc, ok := c.(*browserElement); ok {
			_, _ = e.v.Call("appendChild", bc.v)
		}
	}
}

func (e *browserElement) Remove() { _, _ = e.v.Call("remove") }
func (e *browserElement) Clear()  { _, _ = e.v.Call("replaceChildren") }

func (e *browserElement) Value() string {
	v, err := e.v.Get("value")
	if err != nil {
		return ""
	}
	s, _ := v.String()
	return s
}

func (e *browserElement) SetValue(s string) { _ = e.v.Set("value", s) }

func (e *browserElement) Checked() bool {
	v, err := e.v.Get("checked")
	if err != nil {
		return false
	}
	b, _ := v.Bool()
	return b
}

func (e *browserElement) SetChecked(on bool) { _ = e.v.Set("checked", on) }
func (e *browserElement) Focus()             { _, _ = e.v.Call("focus") }

// On adds a listener whose js.Func is released by off. A panic in fn is
// recovered and reported, never thrown into JavaScript.
//   - addEventListener: https://developer.mozilla.org/docs/Web/API/EventTarget/addEventListener
func (e *browserElement) On(event string, fn func(Event)) func() {
	f, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		defer recoverReport(event + " listener")
		if len(args) > 0 {
			fn(&browserEvent{v: args[0], d: e.d})
		}
		return nil
	})
	if err != nil {
		return func() {}
	}
	if _, err := e.v.Call("addEventListener", event, f.Value()); err != nil {
		f.Release()
		return func() {}
	}
	done := false
	return func() {
		if done {
			return
		}
		done = true
		_, _ = e.v.Call("removeEventListener", event, f.Value())
		f.Release()
	}
}

func (e *browserElement) Focusables() []Element {
	list, err := e.v.Call("querySelectorAll", focusableSelector)
	if err != nil {
		return nil
	}
	n, _ := list.Length()
	out := make([]Element, 0, n)
	for i := 0; i < n; i++ {
		item, err := list.Index(i)
		if err != nil {
			continue
		}
		if h, err := item.Call("closest", "[hidden]"); err == nil && !h.IsNull() {
			continue
		}
		out = append(out, &browserElement{v: item, d: e.d})
	}
	return out
}

// ScrollRemaining is scrollHeight − scrollTop − clientHeight, rounded.
//   - scrollTop: https://developer.mozilla.org/docs/Web/API/Element/scrollTop
func (e *browserElement) ScrollRemaining() int {
	get := func(name string) float64 {
		v, err := e.v.Get(name)
		if err != nil {
			return 0
		}
		f, _ := v.Float()
		return f
	}
	r := get("scrollHeight") - get("scrollTop") - get("clientHeight")
	if r < 0 {
		return 0
	}
	return int(r + 0.5)
}

func (e *browserElement) Is(other Element) bool {
	o, ok := other.(*browserElement)
	return ok && o != nil && e.v.Equal(o.v)
}

// browserEvent is [Event] over a DOM Event.
//   - Event: https://developer.mozilla.org/docs/Web/API/Event
type browserEvent struct {
	v safejs.Value
	d *browserDocument
}

func (ev *browserEvent) Key() string {
	k, err := ev.v.Get("key")
	if err != nil || k.IsUndefined() {
		return ""
	}
	s, _ := k.String()
	return s
}

func (ev *browserEvent) Shift() bool {
	k, err := ev.v.Get("shiftKey")
	if err != nil {
		return false
	}
	b, _ := k.Bool()
	return b
}

func (ev *browserEvent) Target() Element { return ev.d.wrap(ev.v.Get("target")) }

func (ev *browserEvent) PreventDefault() { _, _ = ev.v.Call("preventDefault") }

func (ev *browserEvent) DefaultPrevented() bool {
	v, err := ev.v.Get("defaultPrevented")
	if err != nil {
		return false
	}
	b, _ := v.Bool()
	return b
}
