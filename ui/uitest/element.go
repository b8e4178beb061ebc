package uitest

import (
	"slices"
	"strconv"
	"strings"

	"github.com/integry-go/integry/ui"
)

// The elements of a Document, as ui.Element, and what a test does with them
// as a person would (click, type, toggle, scroll).
// Element is an element of a [Document].
type Element struct {
	doc       *Document
	n         int
	tag       string
	attrs     map[string]string
	text      string
	children  []*Element
	parent    *Element
	value     string
	checked   bool
	remaining int // ScrollRemaining; ScrollTo sets it
	listeners map[string][]*listener
}

type listener struct{ fn func(ui.Event) }

// Event is the [ui.Event] the fake dispatches.
type Event struct {
	KeyName   string
	ShiftHeld bool
	target    *Element
	prevented bool
}

// Key returns KeyName.
func (e *Event) Key() string { return e.KeyName }

// Shift returns ShiftHeld.
func (e *Event) Shift() bool { return e.ShiftHeld }

// Target returns the element the event was dispatched to.
func (e *Event) Target() ui.Element { return e.target }

// PreventDefault marks the event as handled.
func (e *Event) PreventDefault() { e.prevented = true }

// DefaultPrevented reports whether PreventDefault was called.
func (e *Event) DefaultPrevented() bool { return e.prevented }

// String names the element as the log does: #n.
func (e *Element) String() string { return "#" + strconv.Itoa(e.n) }

// Tag returns the element's tag name.
func (e *Element) Tag() string { return e.tag }

// SetAttr records and sets an attribute.
func (e *Element) SetAttr(name, value string) {
	e.doc.mu.Lock()
	defer e.doc.mu.Unlock()
	e.attrs[name] = value
	e.doc.record(e.String(), ".setAttribute(", q(name), ", ", q(value), ")")
}

// RemoveAttr records and removes an attribute.
func (e *Element) RemoveAttr(name string) {
	e.doc.mu.Lock()
	defer e.doc.mu.Unlock()
	delete(e.attrs, name)
	e.doc.record(e.String(), ".removeAttribute(", q(name), ")")
}

// Attr returns an attribute, "" if absent.
func (e *Element) Attr(name string) string {
	e.doc.mu.Lock()
	defer e.doc.mu.Unlock()
	return e.attrs[name]
}

// HasAttr reports whether the attribute is set.
func (e *Element) HasAttr(name string) bool {
	e.doc.mu.Lock()
	defer e.doc.mu.Unlock()
	_, ok := e.attrs[name]
	return ok
}

// SetText records and sets textContent.
func (e *Element) SetText(text string) {
	e.doc.mu.Lock()
	defer e.doc.mu.Unlock()
	for _, c := range e.children {
		c.parent = nil
	}
	e.children = nil
	e.text = text
	if e.tag == "style" { // our own stylesheet, the same constant every time
		e.doc.record(e.String(), ".textContent = <the widgets' stylesheet>")
		return
	}
	e.doc.record(e.String(), ".textContent = ", q(text))
}

// Text returns the text of the element and its descendants, like
// textContent.
func (e *Element) Text() string {
	e.doc.mu.Lock()
	defer e.doc.mu.Unlock()
	return e.textContent()
}

func (e *Element) textContent() string {
	s := e.text
	for _, c := range e.children {
		s += c.textContent()
	}
	return s
}

// Append records and appends children, moving them from any old parent.
func (e *Element) Append(children ...ui.Element) {
	e.doc.mu.Lock()
	defer e.doc.mu.Unlock()
	names := make([]string, 0, len(children))
	for _, c := range children {
		fc := c.(*Element)
		fc.detach()
		fc.parent = e
		e.children = append(e.children, fc)
		names = append(names, fc.String())
	}
	e.doc.record(e.String(), ".append(", strings.Join(names, ", "), ")")
}

func (e *Element) detach() {
	if e.parent == nil {
		return
	}
	p := e.parent
	p.children = slices.DeleteFunc(p.children, func(c *Element) bool { return c == e })
	e.parent = nil
}

// Remove records and detaches the element.
func (e *Element) Remove() {
	e.doc.mu.Lock()
	defer e.doc.mu.Unlock()
	e.detach()
	if a := e.doc.active; a != nil && (a == e || a.isInside(e)) {
		e.doc.active = nil
	}
	e.doc.record(e.String(), ".remove()")
}

func (e *Element) isInside(anc *Element) bool {
	for p := e.parent; p != nil; p = p.parent {
		if p == anc {
			return true
		}
	}
	return false
}

// Attached reports whether the element is in the body.
func (e *Element) Attached() bool {
	e.doc.mu.Lock()
	defer e.doc.mu.Unlock()
	return e.isInside(e.doc.body)
}

// Clear records and removes every child.
func (e *Element) Clear() {
	e.doc.mu.Lock()
	defer e.doc.mu.Unlock()
	for _, c := range e.children {
		c.parent = nil
	}
	e.children = nil
	e.text = ""
	e.doc.record(e.String(), ".replaceChildren()")
}

// Value returns the value property.
func (e *Element) Value() string {
	e.doc.mu.Lock()
	defer e.doc.mu.Unlock()
	return e.value
}

// SetValue records and sets the value property.
func (e *Element) SetValue(v string) {
	e.doc.mu.Lock()
	defer e.doc.mu.Unlock()
	e.value = v
	e.doc.record(e.String(), ".value = ", q(v))
}

// Checked returns the checked property.
func (e *Element) Checked() bool {
	e.doc.mu.Lock()
	defer e.doc.mu.Unlock()
	return e.checked
}

// SetChecked records and sets the checked property.
func (e *Element) SetChecked(on bool) {
	e.doc.mu.Lock()
	defer e.doc.mu.Unlock()
	e.checked = on
	e.doc.record(e.String(), ".checked = ", strconv.FormatBool(on))
}

// Focus records and moves the focus here.
func (e *Element) Focus() {
	e.doc.mu.Lock()
	defer e.doc.mu.Unlock()
	e.doc.active = e
	e.doc.record(e.String(), ".focus()")
}

// On records and adds a listener.
func (e *Element) On(event string, fn func(ui.Event)) func() {
	e.doc.mu.Lock()
	defer e.doc.mu.Unlock()
	l := &listener{fn: fn}
	e.listeners[event] = append(e.listeners[event], l)
	e.doc.record(e.String(), ".on(", q(event), ")")
	return func() {
		e.doc.mu.Lock()
		defer e.doc.mu.Unlock()
		before := len(e.listeners[event])
		e.listeners[event] = slices.DeleteFunc(e.listeners[event], func(x *listener) bool { return x == l })
		if len(e.listeners[event]) < before {
			e.doc.record(e.String(), ".off(", q(event), ")")
		}
	}
}

// Listeners returns how many listeners the element and its descendants
// still have, so tests can prove a destroyed widget left none behind.
func (e *Element) Listeners() int {
	e.doc.mu.Lock()
	defer e.doc.mu.Unlock()
	n := 0
	for _, l := range e.listeners {
		n += len(l)
	}
	for _, c := range e.find(func(*Element) bool { return true }) {
		for _, l := range c.listeners {
			n += len(l)
		}
	}
	return n
}

// Focusables returns the focusable descendants in document order.
func (e *Element) Focusables() []ui.Element {
	e.doc.mu.Lock()
	defer e.doc.mu.Unlock()
	var out []ui.Element
	var walk func(*Element)
	walk = func(p *Element) {
		for _, c := range p.children {
			if _, hidden := c.attrs["hidden"]; hidden {
				continue
			}
			_, disabled := c.attrs["disabled"]
			switch {
			case disabled:
			case c.tag == "button", c.tag == "input", c.tag == "select", c.tag == "textarea":
				out = append(out, c)
			case c.tag == "a" && c.attrs["href"] != "":
				out = append(out, c)
			}
			walk(c)
		}
	}
	walk(e)
	return out
}

// Is reports whether other is this element.
func (e *Element) Is(other ui.Element) bool {
	o, ok := other.(*Element)
	return ok && o == e
}

// dispatch runs the listeners of the target, then of each ancestor.
func (e *Element) dispatch(event string, ev *Event) {
	ev.target = e
	for p := e; p != nil; {
		e.doc.mu.Lock()
		ls := append([]*listener(nil), p.listeners[event]...)
		next := p.parent
		e.doc.mu.Unlock()
		for _, l := range ls {
			l.fn(ev)
		}
		p = next
	}
}

// Dispatch sends a bubbling event of the given type to the element.
func (e *Element) Dispatch(event string) *Event {
	ev := &Event{}
	e.dispatch(event, ev)
	return ev
}

// Click dispatches click; on a submit button inside a form whose click was
// not prevented it then dispatches submit on the form, as a browser does.
func (e *Element) Click() {
	ev := &Event{}
	e.dispatch("click", ev)
	if ev.prevented || e.tag != "button" || e.Attr("type") != "submit" {
		return
	}
	e.doc.mu.Lock()
	var form *Element
	for p := e.parent; p != nil; p = p.parent {
		if p.tag == "form" {
			form = p
			break
		}
	}
	e.doc.mu.Unlock()
	if form != nil {
		form.dispatch("submit", &Event{})
	}
}

// Type sets the value as a person typing would and dispatches input and
// change.
func (e *Element) Type(text string) {
	e.SetValue(text)
	e.Dispatch("input")
	e.Dispatch("change")
}

// Toggle flips a checkbox and dispatches change.
func (e *Element) Toggle() {
	e.SetChecked(!e.Checked())
	e.Dispatch("change")
}

// ScrollRemaining returns what the last ScrollTo set (0 at first).
func (e *Element) ScrollRemaining() int {
	e.doc.mu.Lock()
	defer e.doc.mu.Unlock()
	return e.remaining
}

// ScrollTo scrolls as a person would, until remaining pixels of content are
// left below, and dispatches scroll.
func (e *Element) ScrollTo(remaining int) {
	e.doc.mu.Lock()
	e.remaining = remaining
	e.doc.record(e.String(), ".scroll(remaining ", strconv.Itoa(remaining), ")")
	e.doc.mu.Unlock()
	e.Dispatch("scroll")
}

// Children returns the element's children.
func (e *Element) Children() []*Element {
	e.doc.mu.Lock()
	defer e.doc.mu.Unlock()
	return append([]*Element(nil), e.children...)
}

// Parent returns the element's parent, or nil when it is detached (or the
// body or head).
func (e *Element) Parent() *Element {
	e.doc.mu.Lock()
	defer e.doc.mu.Unlock()
	return e.parent
}

// FindFunc returns the descendants for which match is true, in document
// order. match runs without the document's lock, so it may read the
// elements (Attr, Text).
func (e *Element) FindFunc(match func(*Element) bool) []*Element {
	e.doc.mu.Lock()
	all := e.find(func(*Element) bool { return true })
	e.doc.mu.Unlock()
	return slices.DeleteFunc(all, func(x *Element) bool { return !match(x) })
}
