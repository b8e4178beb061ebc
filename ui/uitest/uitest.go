package uitest

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/integry-go/integry/ui"
)

// Document is a [ui.Document] that keeps an element tree in memory and
// records every call that changes it, for golden tests of the widgets
// without a browser. Tests drive it like a person would, through
// [Element.Click], [Element.Type] and [Document.Press], and run timers and
// paint callbacks explicitly ([Document.RunTimers], [Document.RunPaint]), so
// no test depends on time. It is safe for concurrent use; listeners run
// without its lock held. Each document counts its own element numbers and
// ids ([Document.NextID]), so tests that each use their own run in
// parallel.
type Document struct {
	mu      sync.Mutex
	log     []string
	next    int // the last element number (#n in the log)
	lastID  int // the last number NextID returned
	body    *Element
	head    *Element
	active  *Element
	timers  map[int]func()
	timerN  int
	paints  []func()
	painted chan struct{}
}

// NewDocument returns an empty document with a head and a body.
func NewDocument() *Document {
	d := &Document{timers: map[int]func(){}, painted: make(chan struct{}, 64)}
	d.head = d.newElement("head")
	d.body = d.newElement("body")
	d.log = nil
	return d
}

// record logs one call.
func (d *Document) record(parts ...string) {
	d.log = append(d.log, strings.Join(parts, ""))
}

// q quotes like fmt's %q.
func q(s string) string { return strconv.Quote(s) }

func (d *Document) newElement(tag string) *Element {
	d.next++
	e := &Element{doc: d, n: d.next, tag: tag, attrs: map[string]string{}, listeners: map[string][]*listener{}}
	d.record("#", strconv.Itoa(e.n), " = <", tag, ">")
	return e
}

// CreateElement records and returns a new detached element.
func (d *Document) CreateElement(tag string) ui.Element {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.newElement(tag)
}

// Body returns the body element.
func (d *Document) Body() ui.Element { return d.body }

// Head returns the head element.
func (d *Document) Head() ui.Element { return d.head }

// ElementByID returns the attached element with that id, or nil.
func (d *Document) ElementByID(id string) ui.Element {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, root := range []*Element{d.head, d.body} {
		if e := root.find(func(e *Element) bool { return e.attrs["id"] == id }); len(e) > 0 {
			return e[0]
		}
	}
	return nil
}

// ActiveElement returns the focused element, or nil.
func (d *Document) ActiveElement() ui.Element {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.active == nil {
		return nil
	}
	return d.active
}

// Active returns the focused element as a *Element, or nil.
func (d *Document) Active() *Element {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.active
}

// Later records a timer; [Document.RunTimers] runs it.
func (d *Document) Later(dur time.Duration, fn func()) func() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.timerN++
	n := d.timerN
	d.timers[n] = fn
	d.record("later(", dur.String(), ") -> timer ", strconv.Itoa(n))
	return func() {
		d.mu.Lock()
		defer d.mu.Unlock()
		if _, ok := d.timers[n]; ok {
			delete(d.timers, n)
			d.record("cancel timer ", strconv.Itoa(n))
		}
	}
}

// NextID returns the document's next number for element ids, from 1.
func (d *Document) NextID() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.lastID++
	return d.lastID
}

// AfterPaint records fn; [Document.RunPaint] runs it.
func (d *Document) AfterPaint(fn func()) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.paints = append(d.paints, fn)
	d.record("afterPaint")
	select {
	case d.painted <- struct{}{}:
	default:
	}
}

// WaitPaint blocks until a widget asks for a paint callback (it has built
// its DOM), then runs the pending callbacks. Tests use it to wait for a
// widget rendered by another goroutine without sleeping.
func (d *Document) WaitPaint() {
	<-d.painted
	d.RunPaint()
}

// RunTimers runs the pending timers in the order they were set and returns
// how many ran.
func (d *Document) RunTimers() int {
	d.mu.Lock()
	keys := make([]int, 0, len(d.timers))
	for k := range d.timers {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	fns := make([]func(), 0, len(keys))
	for _, k := range keys {
		fns = append(fns, d.timers[k])
		delete(d.timers, k)
	}
	d.mu.Unlock()
	for _, fn := range fns {
		fn()
	}
	return len(fns)
}

// RunPaint runs the pending paint callbacks and returns how many ran.
func (d *Document) RunPaint() int {
	d.mu.Lock()
	fns := d.paints
	d.paints = nil
	d.mu.Unlock()
	for _, fn := range fns {
		fn()
	}
	return len(fns)
}

// Log returns the recorded calls, one a line, and forgets them.
func (d *Document) Log() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	s := strings.Join(d.log, "\n") + "\n"
	d.log = nil
	return s
}

// Find returns the attached elements whose class list has class, in
// document order.
func (d *Document) Find(class string) []*Element {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.body.find(func(e *Element) bool { return slices.Contains(strings.Fields(e.attrs["class"]), class) })
}

// FindIn returns the elements with class inside within, under the
// document's lock, so a test may poll while a goroutine renders.
func (d *Document) FindIn(within *Element, class string) []*Element {
	d.mu.Lock()
	defer d.mu.Unlock()
	return within.find(func(e *Element) bool { return slices.Contains(strings.Fields(e.attrs["class"]), class) })
}

// Press dispatches a keydown with key to the focused element (or the body),
// bubbling like a browser event.
func (d *Document) Press(key string, shift bool) *Event {
	target := d.Active()
	if target == nil {
		target = d.body
	}
	ev := &Event{KeyName: key, ShiftHeld: shift}
	target.dispatch("keydown", ev)
	return ev
}

// Tree returns the attached body as indented text: tags, attributes in
// name order, text and values. Golden tests use it for the state after an
// interaction.
func (d *Document) Tree() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var b strings.Builder
	d.body.tree(&b, 0)
	return b.String()
}

func (e *Element) tree(b *strings.Builder, depth int) {
	b.WriteString(strings.Repeat("  ", depth))
	b.WriteString("<" + e.tag)
	names := make([]string, 0, len(e.attrs))
	for k := range e.attrs {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		b.WriteString(" " + k + "=" + q(e.attrs[k]))
	}
	b.WriteString(">")
	if e.text != "" && e.tag != "style" {
		b.WriteString(" " + strconv.Quote(e.text))
	}
	if e.value != "" {
		b.WriteString(" value=" + strconv.Quote(e.value))
	}
	if e.checked {
		b.WriteString(" checked")
	}
	b.WriteString("\n")
	for _, c := range e.children {
		c.tree(b, depth+1)
	}
}

func (e *Element) find(match func(*Element) bool) []*Element {
	var out []*Element
	for _, c := range e.children {
		if match(c) {
			out = append(out, c)
		}
		out = append(out, c.find(match)...)
	}
	return out
}
