package ui

import "time"

// Document is the part of the browser DOM the widgets use, and nothing more.
// [BatchDocument] implements it over a [Host]: on a page (js/wasm),
// [BrowserDocument] is the one whose operations the loader's renderer
// applies. Tests use package ui/uitest, whose document keeps the tree in
// memory and records every call.
//
// Which goroutine may touch the DOM: any, but one at a time. Under js/wasm
// there is a single thread, so the rule that matters is the deadlock rule:
// an event handler (it runs on the JS event-loop goroutine) does its DOM
// work synchronously and never waits for the network or a timer; waiting
// happens in goroutines, which take the widget's lock before they touch the
// DOM again.
type Document interface {
	// CreateElement makes a detached element (document.createElement).
	CreateElement(tag string) Element
	// Body and Head are document.body and document.head.
	Body() Element
	Head() Element
	// ElementByID returns the element with that id, or nil.
	ElementByID(id string) Element
	// ActiveElement returns the focused element, or nil.
	ActiveElement() Element
	// Later runs fn once after d (setTimeout); cancel stops it if it has not
	// run. fn runs on the event-loop goroutine, so it must not block.
	Later(d time.Duration, fn func()) (cancel func())
	// AfterPaint runs fn after two animation frames, when what was built is
	// on screen (the official did-render-function timing).
	AfterPaint(fn func())
	// NextID returns 1, then 2, and so on: a number no earlier call on this
	// document returned. The widgets build the element ids that tie labels
	// and descriptions to inputs from it, so ids are unique per document,
	// and two documents (two tests) never share a sequence.
	NextID() int
}

// Element is one DOM element. Server strings always go in as text
// (SetText, SetAttr): there is no way to write markup through it, so a
// title like "<img src=x onerror=…>" is shown, never run.
type Element interface {
	// SetAttr and RemoveAttr change an attribute; Attr reads one ("" if absent).
	SetAttr(name, value string)
	RemoveAttr(name string)
	Attr(name string) string
	// SetText replaces the children with one text node (textContent).
	SetText(text string)
	// Append adds children at the end; Remove detaches the element; Clear
	// removes every child.
	Append(children ...Element)
	Remove()
	Clear()
	// Value and SetValue are the value property of inputs, textareas and
	// selects; Checked and SetChecked the checked property of checkboxes.
	Value() string
	SetValue(v string)
	Checked() bool
	SetChecked(on bool)
	// Focus moves the keyboard focus here.
	Focus()
	// On adds an event listener; off removes it and releases its resources.
	On(event string, fn func(Event)) (off func())
	// Focusables returns the element's focusable descendants in tab order
	// (buttons, inputs, selects, textareas, links that are not disabled).
	Focusables() []Element
	// Is reports whether other is the same DOM element.
	Is(other Element) bool
	// ScrollRemaining is how far, in CSS pixels, the element's content
	// reaches below its visible part (scrollHeight − scrollTop −
	// clientHeight): 0 when scrolled to the end. A dropdown reads it on
	// "scroll" to load its next page.
	ScrollRemaining() int
}

// Event is a DOM event as the widgets need it.
type Event interface {
	// Key is KeyboardEvent.key ("Escape", "Tab", …), "" for other events.
	Key() string
	// Shift reports whether Shift was held.
	Shift() bool
	// Target is the element the event was dispatched to.
	Target() Element
	// PreventDefault stops the browser's default action.
	PreventDefault()
	// DefaultPrevented reports whether a listener called PreventDefault: a
	// widget inside the modal that handled Escape (an open list) keeps the
	// modal from closing that way.
	DefaultPrevented() bool
}
