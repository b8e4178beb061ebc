//go:build js && wasm

package ui

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hack-pad/safejs"
	"github.com/integry-go/integry/sdk"
)

// browserDoc returns the page's document, or skips in node, which has none.
func browserDoc(t *testing.T) (Document, safejs.Value) {
	t.Helper()
	doc, err := NewBrowserDocument()
	if err != nil {
		t.Skip("no DOM here (node); this test runs in the browser lane: -exec=bin/wasmbrowsertest")
	}
	raw, _ := safejs.Global().Get("document")
	return doc, raw
}

func jsEval(t *testing.T, expr string) safejs.Value {
	t.Helper()
	fn, err := safejs.Global().Get("Function")
	if err != nil {
		t.Fatal(err)
	}
	f, err := fn.New("return (" + expr + ")")
	if err != nil {
		t.Fatal(err)
	}
	v, err := f.Invoke()
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

func jsString(t *testing.T, expr string) string {
	t.Helper()
	s, _ := jsEval(t, expr).String()
	return s
}

// The real DOM: text stays text, the dialog is labelled, typing and
// submitting in Chromium resolve typed values, Escape cancels.
func TestBrowserFormSubmitAndEscape(t *testing.T) {
	doc, _ := browserDoc(t)
	api := &fakeAPI{functions: map[string][]byte{"evil": []byte(`{"name":"evil","description":"x",
		"parameters":{"type":"object","properties":{
			"n":{"type":"integer","meta":{"title":"<img src=x onerror=\"window.__pwned=1\">","is_required":true}},
			"b":{"type":"boolean"}}},
		"meta":{"ui":{"title":"<script>window.__pwned=1</script>"}}}`)}}
	ev := newEvents()
	env := Env{Doc: doc, API: api, Events: ev.Emitter, Strings: NewStrings("es")}
	ch := make(chan result, 1)
	go func() {
		v, err := ShowFunction(t.Context(), env, "evil", FunctionOptions{Params: json.RawMessage(`{"b":false}`)})
		ch <- result{v, err}
	}()
	// Wait for the dialog without sleeping: ShowFunction appends it before it
	// returns control; a goroutine yield suffices, so poll via a channel-free loop.
	for i := 0; i < 1000 && jsString(t, `String(!!document.querySelector(".integry-modal"))`) != "true"; i++ {
		waitTick()
	}
	if got := jsString(t, `document.querySelector(".integry-modal-title").textContent`); got != "<script>window.__pwned=1</script>" {
		t.Fatalf("title %q", got)
	}
	if got := jsString(t, `String(document.querySelectorAll(".integry-root img, .integry-root script").length)`); got != "0" {
		t.Fatalf("server text became markup: %s elements", got)
	}
	if got := jsString(t, `document.querySelector(".integry-submit").textContent`); got != "Enviar" {
		t.Errorf("Spanish submit %q", got)
	}
	jsEval(t, `(() => { const i = document.querySelector("input[name=n]"); i.value = "x"; i.dispatchEvent(new Event("input", {bubbles: true})); document.querySelector(".integry-submit").click(); })()`)
	if got := jsString(t, `document.querySelector("input[name=n]").getAttribute("aria-invalid")`); got != "true" {
		t.Fatalf("aria-invalid %q after an invalid submit", got)
	}
	if got := jsString(t, `document.getElementById(document.querySelector("input[name=n]").getAttribute("aria-describedby").split(" ").pop()).textContent`); got != "Introduce un número entero." {
		t.Errorf("error text %q", got)
	}
	jsEval(t, `(() => { const i = document.querySelector("input[name=n]"); i.value = "0"; i.dispatchEvent(new Event("input", {bubbles: true})); document.querySelector(".integry-submit").click(); })()`)
	r := <-ch
	if r.err != nil || string(r.v) != `{"n":0,"b":false}` {
		t.Fatalf("got %s %v", r.v, r.err)
	}
	if jsString(t, `String(window.__pwned)`) != "undefined" {
		t.Fatal("a script payload ran")
	}

	go func() {
		v, err := ShowFunction(t.Context(), env, "evil", FunctionOptions{})
		ch <- result{v, err}
	}()
	for i := 0; i < 1000 && jsString(t, `String(!!document.querySelector(".integry-modal"))`) != "true"; i++ {
		waitTick()
	}
	jsEval(t, `document.activeElement.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}))`)
	r = <-ch
	if sdk.CodeOf(r.err) != sdk.CodeCancelled {
		t.Fatalf("Escape: %v", r.err)
	}
	if !strings.Contains(ev.String(), "modal-closed {}") {
		t.Errorf("events %s", ev.String())
	}
	if jsString(t, `String(document.querySelectorAll(".integry-root").length)`) != "0" {
		t.Errorf("modal left in the page")
	}
}

// waitTick yields to the JS event loop once (a resolved promise's then), so
// goroutines and callbacks can run.
func waitTick() {
	done := make(chan struct{})
	var f safejs.Func
	f, _ = safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		close(done)
		f.Release()
		return nil
	})
	p, _ := safejs.Global().Get("Promise")
	r, _ := p.Call("resolve")
	_, _ = r.Call("then", f.Value())
	<-done
}

// ScrollRemaining is what is left below the visible part of a scrolled
// element; DefaultPrevented reports a listener's PreventDefault.
func TestBrowserScrollRemainingAndDefaultPrevented(t *testing.T) {
	doc, _ := browserDoc(t)
	box := doc.CreateElement("div")
	box.SetAttr("id", "scroll-box")
	box.SetAttr("style", "height: 100px; overflow-y: auto")
	inner := doc.CreateElement("div")
	inner.SetAttr("style", "height: 500px")
	box.Append(inner)
	doc.Body().Append(box)
	defer box.Remove()
	if got := box.ScrollRemaining(); got != 400 {
		t.Fatalf("at the top: %d, want 400", got)
	}
	jsEval(t, `document.getElementById("scroll-box").scrollTop = 350`)
	if got := box.ScrollRemaining(); got != 50 {
		t.Fatalf("scrolled 350: %d, want 50", got)
	}
	var prevented []bool
	offA := box.On("keydown", func(ev Event) { ev.PreventDefault() })
	offB := box.On("keydown", func(ev Event) { prevented = append(prevented, ev.DefaultPrevented()) })
	jsEval(t, `document.getElementById("scroll-box").dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", cancelable: true}))`)
	offA()
	jsEval(t, `document.getElementById("scroll-box").dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", cancelable: true}))`)
	offB()
	if len(prevented) != 2 || !prevented[0] || prevented[1] {
		t.Fatalf("DefaultPrevented %v, want [true false]", prevented)
	}
}
