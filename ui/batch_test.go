package ui

import (
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// recordingHost is a Host that keeps the batches it receives and answers
// queries from a script.
type recordingHost struct {
	mu        sync.Mutex
	rendered  []string // batches applied synchronously (with queries)
	soon      int      // FlushSoon calls
	answers   []string // answers to return, in order
	listeners map[int]func(HostEvent) bool
	next      int
	later     []int
}

func newRecordingHost() *recordingHost {
	return &recordingHost{listeners: map[int]func(HostEvent) bool{}}
}

func (h *recordingHost) Render(ops []byte) []byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.rendered = append(h.rendered, string(ops))
	if len(h.answers) == 0 {
		return []byte("[]")
	}
	a := h.answers[0]
	h.answers = h.answers[1:]
	return []byte(a)
}

func (h *recordingHost) FlushSoon() { h.mu.Lock(); h.soon++; h.mu.Unlock() }

func (h *recordingHost) Listen(fn func(HostEvent) bool) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.next++
	h.listeners[h.next] = fn
	return h.next
}

func (h *recordingHost) Unlisten(id int) { h.mu.Lock(); delete(h.listeners, id); h.mu.Unlock() }

func (h *recordingHost) Later(ms int, fn func()) func() {
	h.mu.Lock()
	h.later = append(h.later, ms)
	h.mu.Unlock()
	return func() {}
}

// fire delivers an event to listener id as the renderer would.
func (h *recordingHost) fire(id int, e HostEvent) bool {
	h.mu.Lock()
	fn := h.listeners[id]
	h.mu.Unlock()
	return fn(e)
}

// A whole tree is one batch: the operations queue up, the host is asked
// once to flush, and Flush hands over one JSON array with text as text.
func TestBatchDocumentBuildsATreeInOneBatch(t *testing.T) {
	t.Parallel()
	h := newRecordingHost()
	d := NewBatchDocument(h)
	root := d.CreateElement("div")
	root.SetAttr("class", "integry-root")
	title := d.CreateElement("h2")
	title.SetText(`<img src=x onerror="alert(1)">`)
	root.Append(title)
	in := d.CreateElement("input")
	in.SetValue("héllo")
	in.SetChecked(true)
	root.Append(in)
	if h.soon != 1 {
		t.Errorf("FlushSoon was asked %d times for one batch, want 1", h.soon)
	}
	want := `[1,1,"div",2,1,"class","integry-root",1,2,"h2",4,2,"<img src=x onerror=\"alert(1)\">",5,1,2,1,3,"input",8,3,"héllo",9,3,1,5,1,3]`
	if got := string(d.Flush()); got != want {
		t.Errorf("batch\n got %s\nwant %s", got, want)
	}
	if got := d.Flush(); got != nil {
		t.Errorf("a second flush = %s, want nothing", got)
	}
	root.Remove()
	if h.soon != 2 {
		t.Errorf("the next batch asks again: %d", h.soon)
	}
}

// A read flushes what is pending together with its query, in one call.
func TestBatchDocumentQueriesFlushFirst(t *testing.T) {
	t.Parallel()
	h := newRecordingHost()
	d := NewBatchDocument(h)
	in := d.CreateElement("input")
	in.SetValue("typed")
	h.answers = []string{`["what the person typed"]`, `[-3]`, `[0]`, `[[-4,-5]]`, `[true]`}
	if got := in.Value(); got != "what the person typed" {
		t.Errorf("Value() = %q", got)
	}
	if got := h.rendered[0]; got != `[1,1,"input",8,1,"typed",21,1]` {
		t.Errorf("the query went with the pending operations: %s", got)
	}
	if d.Flush() != nil {
		t.Error("nothing is left pending after a query")
	}
	box := d.ElementByID("box")
	if box == nil || box.(*batchElement).id != -3 {
		t.Fatalf("ElementByID = %v", box)
	}
	if d.ElementByID("missing") != nil {
		t.Error("an id the page does not have is nil")
	}
	if n := len(box.Focusables()); n != 2 {
		t.Errorf("%d focusables", n)
	}
	other := &batchElement{d: d, id: 7}
	if !box.Is(other) || !strings.Contains(h.rendered[len(h.rendered)-1], "26,-3,7") {
		t.Errorf("Is asks the renderer when ids differ: %v", h.rendered)
	}
}

// Listeners run with an event the host describes; what they prevent and
// which target they ask for reach Go, and a target nobody asked for is
// freed at once.
func TestBatchDocumentListeners(t *testing.T) {
	t.Parallel()
	h := newRecordingHost()
	d := NewBatchDocument(h)
	btn := d.CreateElement("button")
	var got []string
	off := btn.On("keydown", func(e Event) {
		got = append(got, e.Key())
		if e.Shift() {
			e.PreventDefault()
		}
		if e.Key() == "t" && e.Target() == nil {
			t.Error("Target is the element the renderer named")
		}
	})
	d.Flush()
	if prevented := h.fire(1, HostEvent{Key: "Tab", Shift: true, Target: -9}); !prevented {
		t.Error("PreventDefault reaches the host")
	}
	if ops := string(d.Flush()); ops != "[13,-9]" {
		t.Errorf("an unused target is freed: %s", ops)
	}
	h.fire(1, HostEvent{Key: "t", Target: -10})
	d.Flush()
	off()
	off()
	if ops := string(d.Flush()); ops != `[12,1,"keydown",1]` {
		t.Errorf("off: %s", ops)
	}
	if len(h.listeners) != 0 || strings.Join(got, ",") != "Tab,t" {
		t.Errorf("listeners %d, keys %v", len(h.listeners), got)
	}
}

// An element Go no longer holds is forgotten by the renderer too; freeing
// asks for no flush of its own.
func TestBatchDocumentFreesWhatGoForgets(t *testing.T) {
	t.Parallel()
	h := newRecordingHost()
	d := NewBatchDocument(h)
	d.CreateElement("div")
	d.Flush()
	soon := h.soon
	deadline := time.Now().Add(5 * time.Second)
	for {
		runtime.GC()
		d.mu.Lock()
		ops := string(d.ops)
		d.mu.Unlock()
		if ops == "[13,1" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the element was never freed: %q", ops)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if h.soon != soon {
		t.Error("a free alone asks for no flush")
	}
}

func TestBatchDocumentTimers(t *testing.T) {
	t.Parallel()
	h := newRecordingHost()
	d := NewBatchDocument(h)
	d.Later(1500*time.Millisecond, func() {})
	d.AfterPaint(func() {})
	if len(h.later) != 2 || h.later[0] != 1500 || h.later[1] != -1 {
		t.Errorf("timers %v, want [1500 -1] (two frames)", h.later)
	}
}

// ScrollRemaining is a query of its own (29); DefaultPrevented tells a
// listener that one before it used the event, or that it did itself.
func TestBatchDocumentScrollAndDefaultPrevented(t *testing.T) {
	t.Parallel()
	h := newRecordingHost()
	d := NewBatchDocument(h)
	list := d.CreateElement("ul")
	h.answers = []string{`[48]`}
	if got := list.ScrollRemaining(); got != 48 {
		t.Errorf("ScrollRemaining() = %d", got)
	}
	if got := h.rendered[0]; got != `[1,1,"ul",29,1]` {
		t.Errorf("the query: %s", got)
	}
	var seen []bool
	list.On("keydown", func(e Event) {
		seen = append(seen, e.DefaultPrevented())
		if e.Key() == "x" {
			e.PreventDefault()
			seen = append(seen, e.DefaultPrevented())
		}
	})
	h.fire(1, HostEvent{Key: "Escape", Prevented: true})
	h.fire(1, HostEvent{Key: "Escape"})
	h.fire(1, HostEvent{Key: "x"})
	if got := fmtBools(seen); got != "true,false,false,true" {
		t.Errorf("DefaultPrevented %s, want true,false,false,true", got)
	}
}

func fmtBools(bs []bool) string {
	var out []string
	for _, b := range bs {
		if b {
			out = append(out, "true")
		} else {
			out = append(out, "false")
		}
	}
	return strings.Join(out, ",")
}

// Attributes Go set on its own elements are read back without a crossing;
// elements of the page are asked.
func TestBatchDocumentAttrsOfItsOwnElements(t *testing.T) {
	t.Parallel()
	h := newRecordingHost()
	d := NewBatchDocument(h)
	in := d.CreateElement("input")
	in.SetAttr("aria-invalid", "true")
	in.SetAttr("aria-invalid", "false")
	if got := in.Attr("aria-invalid"); got != "false" || len(h.rendered) != 0 {
		t.Errorf("Attr = %q after %d crossings, want the value set and none", got, len(h.rendered))
	}
	in.RemoveAttr("aria-invalid")
	if got := in.Attr("aria-invalid"); got != "" {
		t.Errorf("a removed attribute reads %q", got)
	}
	h.answers = []string{`[-2]`, `["from the page"]`}
	page := d.ElementByID("x")
	if got := page.Attr("title"); got != "from the page" || len(h.rendered) != 2 {
		t.Errorf("a page element's Attr = %q after %d crossings", got, len(h.rendered))
	}
}
