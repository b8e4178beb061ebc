package ui

import (
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/integry-go/integry/internal/contract"
	"github.com/integry-go/integry/internal/jsonx"
)

// The batched document: the page's DOM as the widgets see it. Every change
// (create, set an attribute, append, listen…) is appended to a buffer of
// operations, and the buffer crosses to the page in one call, where the
// loader's renderer (web/loader/renderer.mjs) applies it. A read (a value,
// the focused element) flushes the buffer with the query in the same call.
// So a form of 500 fields costs one crossing to build, not thousands
// (docs/design.md#rendering).
//
// The operations are a JSON array: an opcode, then its arguments, then the
// next opcode. Text and attribute values stay text: the renderer uses
// textContent and setAttribute, never markup.

// Host is where a batched document's operations run: the page, through
// jsbridge (dom_js.go), or a test.
type Host interface {
	// Render applies ops (a JSON array) at once and returns the answers to
	// the queries among them, in order, as a JSON array.
	Render(ops []byte) []byte
	// FlushSoon asks the host to take the pending operations ([Flusher])
	// once the running Go code yields.
	FlushSoon()
	// Listen registers fn for listen operations and returns its id; fn
	// returns whether to prevent the event's default action.
	Listen(fn func(HostEvent) bool) int
	// Unlisten forgets a listener.
	Unlisten(id int)
	// Later runs fn after ms milliseconds, or after two animation frames
	// when ms is negative; cancel stops it.
	Later(ms int, fn func()) (cancel func())
}

// HostEvent is a DOM event as a [Host] delivers it.
type HostEvent struct {
	Key       string
	Shift     bool
	Target    int  // the node id of event.target, 0 if none
	Prevented bool // event.defaultPrevented when this listener runs
}

// The operations, as the renderer knows them (internal/contract declares
// them for both sides).
const (
	opCreate     = contract.OpCreate
	opAttr       = contract.OpAttr
	opRemoveAttr = contract.OpRemoveAttr
	opText       = contract.OpText
	opAppend     = contract.OpAppend
	opRemove     = contract.OpRemove
	opClear      = contract.OpClear
	opValue      = contract.OpValue
	opChecked    = contract.OpChecked
	opFocus      = contract.OpFocus
	opListen     = contract.OpListen
	opUnlisten   = contract.OpUnlisten
	opFree       = contract.OpFree

	qAttr       = contract.QAttr
	qValue      = contract.QValue
	qChecked    = contract.QChecked
	qByID       = contract.QByID
	qActive     = contract.QActive
	qFocusables = contract.QFocusables
	qSame       = contract.QSame
	qBody       = contract.QBody
	qHead       = contract.QHead
	qScroll     = contract.QScroll
)

// BatchDocument is a [Document] that batches its operations for host. Node
// ids above zero are the document's own elements; the host gives the nodes
// it hands over (by id, the focused element, event targets) ids below zero.
type BatchDocument struct {
	host Host

	mu        sync.Mutex
	ops       []byte // pending operations, comma-separated, without brackets
	next      int    // the last id given to an element made here
	lastID    int    // the last number NextID returned
	scheduled bool   // FlushSoon was asked since the last flush
	arena     *arena // the elements made since the last flush
}

// arena is the elements of one batch. The renderer forgets their nodes
// once Go holds none of them: one cleanup per batch instead of one per
// element, since a form's elements are made together and dropped together
// (an element kept longer keeps its batch's ids known, a bounded cost).
type arena struct{ ids *idList }

type idList struct{ ids []int }

// track adds node id to the current arena and returns it.
func (d *BatchDocument) track(id int) *arena {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.arena == nil {
		l := &idList{}
		d.arena = &arena{ids: l}
		runtime.AddCleanup(d.arena, d.free, l)
	}
	d.arena.ids.ids = append(d.arena.ids.ids, id)
	return d.arena
}

// free tells the renderer to forget the ids of an arena Go dropped.
func (d *BatchDocument) free(l *idList) {
	f := d.start(opFree)
	for i, id := range l.ids {
		if i > 0 {
			d.argInt(opFree)
		}
		d.argInt(id)
	}
	d.end(f)
}

// NewBatchDocument returns a document whose operations go to host.
func NewBatchDocument(host Host) *BatchDocument { return &BatchDocument{host: host} }

// Flush takes the pending operations as a JSON array (nil when there are
// none): the host applies them. The buffer is handed over, not copied: the
// next operation starts a new one.
func (d *BatchDocument) Flush() []byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.scheduled = false
	d.arena = nil // the next elements start a new batch
	if len(d.ops) == 0 {
		return nil
	}
	out := append(d.ops, ']')
	d.ops = nil
	return out
}

// op appends one operation: start opens it (the first of a batch asks the
// host to flush), the caller appends its arguments, end closes it. The
// typed helpers below are what the elements use: an operation costs no
// allocation (a ...any would box every id and string).
func (d *BatchDocument) start(code int) (flush bool) {
	d.mu.Lock()
	flush = !d.scheduled && code != opFree
	if flush {
		d.scheduled = true
	}
	d.ops = strconv.AppendInt(sep(d.ops), int64(code), 10)
	return flush
}

// sep starts a batch's JSON array or separates its next operation.
func sep(b []byte) []byte {
	if len(b) == 0 {
		return append(make([]byte, 0, 4096), '[')
	}
	return append(b, ',')
}

func (d *BatchDocument) end(flush bool) {
	d.mu.Unlock()
	if flush {
		d.host.FlushSoon()
	}
}

func (d *BatchDocument) argInt(n int) {
	d.ops = strconv.AppendInt(append(d.ops, ','), int64(n), 10)
}

func (d *BatchDocument) argStr(s string) { d.ops = jsonx.AppendString(append(d.ops, ','), s) }

// opID appends code with a node id.
func (d *BatchDocument) opID(code, id int) {
	f := d.start(code)
	d.argInt(id)
	d.end(f)
}

// opIDs appends code with two ids (or an id and a number).
func (d *BatchDocument) opIDs(code, a, b int) {
	f := d.start(code)
	d.argInt(a)
	d.argInt(b)
	d.end(f)
}

// opStr appends code with an id and a string.
func (d *BatchDocument) opStr(code, id int, s string) {
	f := d.start(code)
	d.argInt(id)
	d.argStr(s)
	d.end(f)
}

// opStrs appends code with an id and two strings.
func (d *BatchDocument) opStrs(code, id int, s1, s2 string) {
	f := d.start(code)
	d.argInt(id)
	d.argStr(s1)
	d.argStr(s2)
	d.end(f)
}

// opListen appends a listen or unlisten operation.
func (d *BatchDocument) opListen(code, id int, event string, listener int) {
	f := d.start(code)
	d.argInt(id)
	d.argStr(event)
	d.argInt(listener)
	d.end(f)
}

func appendOp(b []byte, code int, args []any) []byte {
	b = strconv.AppendInt(sep(b), int64(code), 10)
	for _, a := range args {
		b = append(b, ',')
		switch x := a.(type) {
		case int:
			b = strconv.AppendInt(b, int64(x), 10)
		case string:
			b = jsonx.AppendString(b, x)
		case bool:
			b = strconv.AppendBool(b, x)
		}
	}
	return b
}

// query flushes the pending operations with one query and returns its
// answer. No lock is held while the host runs: the renderer may fire events
// synchronously (focus does), and their listeners come back into Go.
func (d *BatchDocument) query(code int, args ...any) *jsonx.Value {
	d.mu.Lock()
	ops := appendOp(d.ops, code, args)
	d.ops = nil
	d.scheduled = false
	d.arena = nil
	d.mu.Unlock()
	answers, err := jsonx.Parse(d.host.Render(append(ops, ']')))
	if err != nil || len(answers.Items) == 0 {
		return &jsonx.Value{Kind: jsonx.Null}
	}
	return answers.Items[len(answers.Items)-1]
}

// element wraps node id. When Go forgets the element, the renderer is told
// to forget the node too.
func (d *BatchDocument) element(id int) Element {
	if id == 0 {
		return nil
	}
	return &batchElement{d: d, id: id, arena: d.track(id)}
}

// nodeID reads a node id answer.
func nodeID(v *jsonx.Value) int {
	n, _ := strconv.Atoi(v.Text)
	return n
}

// CreateElement makes a detached element.
func (d *BatchDocument) CreateElement(tag string) Element {
	d.mu.Lock()
	d.next++
	id := d.next
	d.mu.Unlock()
	d.opStr(opCreate, id, tag)
	return d.element(id)
}

// Body is document.body.
func (d *BatchDocument) Body() Element { return d.element(nodeID(d.query(qBody))) }

// Head is document.head.
func (d *BatchDocument) Head() Element { return d.element(nodeID(d.query(qHead))) }

// ElementByID is document.getElementById.
func (d *BatchDocument) ElementByID(id string) Element {
	if id == "" {
		return nil
	}
	return d.element(nodeID(d.query(qByID, id)))
}

// ActiveElement is document.activeElement.
func (d *BatchDocument) ActiveElement() Element { return d.element(nodeID(d.query(qActive))) }

// Later runs fn once after dur (setTimeout).
func (d *BatchDocument) Later(dur time.Duration, fn func()) (cancel func()) {
	return d.host.Later(int(dur.Milliseconds()), fn)
}

// AfterPaint runs fn after two animation frames.
func (d *BatchDocument) AfterPaint(fn func()) { d.host.Later(-1, fn) }

// NextID returns the document's next number for element ids.
func (d *BatchDocument) NextID() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.lastID++
	return d.lastID
}

// batchElement is an [Element] of a [BatchDocument].
type batchElement struct {
	d     *BatchDocument
	id    int
	arena *arena // keeps the batch's ids known while this element lives
	// attrs are the attributes Go set on an element it created: only Go
	// writes those, so Attr answers from here without a crossing (a form's
	// validation reads aria-describedby and aria-invalid of every field).
	// The first few live in the element itself: no allocation.
	attrs  []attr
	inline [3]attr
}

type attr struct{ name, value string }

func (e *batchElement) SetAttr(name, value string) {
	e.d.opStrs(opAttr, e.id, name, value)
	for i := range e.attrs {
		if e.attrs[i].name == name {
			e.attrs[i].value = value
			return
		}
	}
	if e.attrs == nil {
		e.attrs = e.inline[:0]
	}
	e.attrs = append(e.attrs, attr{name, value})
}

func (e *batchElement) RemoveAttr(name string) {
	e.d.opStr(opRemoveAttr, e.id, name)
	for i := range e.attrs {
		if e.attrs[i].name == name {
			e.attrs = append(e.attrs[:i], e.attrs[i+1:]...)
			return
		}
	}
}

// Attr reads an attribute: from what Go set, for an element Go created (id
// above zero); from the page otherwise.
func (e *batchElement) Attr(name string) string {
	if e.id > 0 {
		for _, a := range e.attrs {
			if a.name == name {
				return a.value
			}
		}
		return ""
	}
	return e.d.query(qAttr, e.id, name).Str()
}

// SetText sets textContent: server text is never parsed as HTML.
func (e *batchElement) SetText(text string) { e.d.opStr(opText, e.id, text) }

func (e *batchElement) Append(children ...Element) {
	for _, c := range children {
		if bc, ok := c.(*batchElement); ok {
			e.d.opIDs(opAppend, e.id, bc.id)
		}
	}
}

func (e *batchElement) Remove() { e.d.opID(opRemove, e.id) }
func (e *batchElement) Clear()  { e.d.opID(opClear, e.id) }

func (e *batchElement) Value() string      { return e.d.query(qValue, e.id).Str() }
func (e *batchElement) SetValue(v string)  { e.d.opStr(opValue, e.id, v) }
func (e *batchElement) Checked() bool      { return e.d.query(qChecked, e.id).True() }
func (e *batchElement) SetChecked(on bool) { e.d.opIDs(opChecked, e.id, b2i(on)) }
func (e *batchElement) Focus()             { e.d.opID(opFocus, e.id) }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// On adds a listener; off removes it. fn runs on the event loop, inside the
// host's dispatch: what it changes is rendered when it returns.
func (e *batchElement) On(event string, fn func(Event)) (off func()) {
	d := e.d
	id := d.host.Listen(func(he HostEvent) bool {
		ev := &batchEvent{e: he, d: d}
		fn(ev)
		if ev.target == nil && he.Target != 0 {
			d.opID(opFree, he.Target) // the listener never asked for it
		}
		return ev.prevented
	})
	d.opListen(opListen, e.id, event, id)
	done := false
	return func() {
		if done {
			return
		}
		done = true
		d.opListen(opUnlisten, e.id, event, id)
		d.host.Unlisten(id)
	}
}

func (e *batchElement) Focusables() []Element {
	var out []Element
	for _, item := range e.d.query(qFocusables, e.id).Items {
		if el := e.d.element(nodeID(item)); el != nil {
			out = append(out, el)
		}
	}
	return out
}

// ScrollRemaining reads how far the content reaches below the visible part.
func (e *batchElement) ScrollRemaining() int {
	return nodeID(e.d.query(qScroll, e.id)) // a non-negative integer, read as ids are
}

// Is compares nodes: one id is one node, and two ids may still name the
// same node when one came from a query.
func (e *batchElement) Is(other Element) bool {
	o, ok := other.(*batchElement)
	if !ok || o == nil {
		return false
	}
	return o.id == e.id || e.d.query(qSame, e.id, o.id).True()
}

// batchEvent is an [Event] of a [BatchDocument].
type batchEvent struct {
	e         HostEvent
	d         *BatchDocument
	target    Element // made on the first Target call
	prevented bool
}

func (ev *batchEvent) Key() string { return ev.e.Key }
func (ev *batchEvent) Shift() bool { return ev.e.Shift }
func (ev *batchEvent) Target() Element {
	if ev.target == nil {
		ev.target = ev.d.element(ev.e.Target)
	}
	return ev.target
}
func (ev *batchEvent) PreventDefault() { ev.prevented = true }

// DefaultPrevented reports whether this listener, or one that ran before it
// for the same event, prevented the default action.
func (ev *batchEvent) DefaultPrevented() bool { return ev.prevented || ev.e.Prevented }
