//go:build !js

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The reliability tests of issue 12: no input kills the runtime, no form
// ever submits natively, and a dead runtime loses nothing
// (docs/design.md#limits and #recovery).

// payloadFunction is a function whose payload parameter is a free JSON
// object, which the form renders as a JSON field. The embedded catalog has
// none, so reliabilityCatalog adds it to a copy of open-meteo's.
const payloadFunction = `{
      "name": "open-meteo-send-payload",
      "description": "Send a note with a JSON payload (a test function)",
      "type": "ACTION",
      "title": "Send a payload",
      "parameters": {"type": "object", "properties": {
        "text": {"type": "string", "description": "A note.", "meta": {"title": "Text"}},
        "payload": {"type": "object", "description": "Any JSON object.", "meta": {"title": "Payload"}}
      }, "required": ["text", "payload"]},
      "call": {"method": "GET", "path": "/v1/forecast"}
    },`

// reliabilityCatalog is the embedded catalog plus payloadFunction.
func reliabilityCatalog(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "sandbox", "catalog")
	dir := t.TempDir()
	files, err := filepath.Glob(filepath.Join(src, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no catalog in %s: %v", src, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Base(f) == "open-meteo.json" {
			s := strings.Replace(string(b), `"functions": [`, `"functions": [`+payloadFunction, 1)
			if s == string(b) {
				t.Fatal(`open-meteo.json has no "functions": [`)
			}
			b = []byte(s)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.CopyFS(filepath.Join(dir, "icons"), os.DirFS(filepath.Join(src, "icons"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

// watchPage installs what the reliability tests check afterwards: a marker
// on the page's window and on the Go program's API object (a navigation
// loses the first, a restarted program the second), every uncaught error
// and unhandled rejection, and the error events of instances i and j.
const watchPage = `(() => {
  window.marker = "still here";
  window.startURL = location.href;
  __integryWasm.marker = "same program";
  window.seen = [];
  window.addEventListener("error", (e) => seen.push("uncaught: " + e.message));
  window.addEventListener("unhandledrejection", (e) => seen.push("unhandled: " + (e.reason && e.reason.message)));
  for (const [name, inst] of [["i", window.i], ["j", window.j]]) {
    if (inst) inst.eventEmitter.on("error", (e) => seen.push(name + " error: " + e.code + " " + e.message));
  }
  window.deep = (n, arrays) => { let v = {}; for (let k = 1; k < n; k++) v = arrays ? [v] : {a: v}; return v; };
  window.deepText = (n) => '{"a":'.repeat(n - 1) + "{}" + "}".repeat(n - 1);
  return true;
})()`

// health is what every reliability test checks last.
type health struct {
	Marker  string   `json:"marker"`
	SameURL bool     `json:"sameURL"`
	Program string   `json:"program"`
	Seen    []string `json:"seen"`
	Stats   bool     `json:"stats"`
}

// checkAlive fails the test unless the page never navigated, the Go
// program that was running when watchPage ran still runs and answers
// stats(), and nothing uncaught happened.
func (p *page) checkAlive(when string) {
	p.t.Helper()
	var h health
	p.ok(`new Promise((r) => setTimeout(r, 100)).then(() => ({marker: window.marker, sameURL: location.href === window.startURL,
	  program: typeof __integryWasm !== "undefined" && __integryWasm.marker, seen: window.seen,
	  stats: IntegryJS.__testing.stats() !== null}))`, &h)
	if h.Marker != "still here" || !h.SameURL {
		p.t.Errorf("%s: the page navigated (marker %q, same URL %v)", when, h.Marker, h.SameURL)
	}
	if h.Program != "same program" || !h.Stats {
		p.t.Errorf("%s: the Go program died or was restarted (program %q, stats %v)", when, h.Program, h.Stats)
	}
	if len(h.Seen) > 0 {
		p.t.Errorf("%s: %q", when, h.Seen)
	}
}

// TestDeepPrefillIsRefused: params nested 50,000 levels deep given to
// showFunctionUI reject invalid_argument naming the limit; the runtime
// lives on and another instance is unaffected. (Issue 12: it used to kill
// the runtime and every instance on the page.)
func TestDeepPrefillIsRefused(t *testing.T) {
	p := newPage(t)
	p.ok(`window.i = new IntegryJS(cfg("u-methods")), window.j = new IntegryJS(cfg("u-other")), Promise.all([i.ready, j.ready])`, nil)
	p.ok(watchPage, nil)
	for _, expr := range []string{
		`i.showFunctionUI("open-meteo-get-forecast", deep(50000))`,
		`i.showFunctionUI("open-meteo-get-forecast", {city: deep(50000, true)})`,
		`i.showFunctionUI("open-meteo-get-forecast", deep(1500))`,
		`i.showFunction("open-meteo-get-forecast", {params: deep(50000)})`,
		`i.invokeFunction("open-meteo-get-forecast", deep(50000))`,
		`i.callFunction("open-meteo-get-forecast", {city: "berlin"}, deep(50000))`,
		`i.invokeFunction("open-meteo-get-forecast", deep(1000000))`, // too deep for JSON.stringify itself
	} {
		e := p.rejects(expr, "invalid_argument")
		t.Logf("%s: %s", expr, e.Message)
		if !strings.Contains(e.Message, "1000 levels") {
			t.Errorf("%s rejected %q, want a message naming the limit (1000 levels)", expr, e.Message)
		}
	}
	var modal bool
	p.ok(`!!document.querySelector(".integry-modal, .integry-root")`, &modal)
	if modal {
		t.Error("a refused showFunctionUI left a form on the page")
	}
	p.checkAlive("after the deep prefill")
	var after struct {
		I bool `json:"i"`
		J bool `json:"j"`
	}
	p.ok(`Promise.all([i.isAppConnected("slack"), j.getApp("slack")]).then(([a, b]) => ({i: a === false, j: b.name === "slack"}))`, &after)
	if !after.I || !after.J {
		t.Errorf("after the deep prefill: %+v, want both instances working", after)
	}
}

// showPayloadForm opens the payload function's form in a modal on instance
// i; window.form is its promise, settled as "resolved: …" or the error code.
const showPayloadForm = `(async () => {
  window.form = i.showFunctionUI("open-meteo-send-payload").then((v) => "resolved: " + JSON.stringify(v), (e) => e.code);
  await new Promise((r) => { const t = setInterval(() => { if (document.querySelector(".integry-modal form [name=payload]")) { clearInterval(t); r(); } }, 20); });
  return true;
})()`

// typeAndSubmit sets the form's fields as a person typing would (the value,
// then an input event) and clicks Submit.
const typeAndSubmit = `((text, payload) => {
  const f = document.querySelector(".integry-modal form");
  for (const [name, v] of [["text", text], ["payload", payload]]) {
    const el = f.querySelector("[name=" + name + "]");
    el.value = v;
    el.dispatchEvent(new Event("input", {bubbles: true}));
  }
  f.querySelector("button[type=submit]").click();
  return true;
})`

// TestDeepJSONFieldIsAFieldError: JSON nested 50,000 levels deep typed
// into a form's JSON field and submitted is a field error naming the
// limit: no crash, no native submit, the page's URL unchanged, the form
// still open and usable. (Issue 12: it used to kill the runtime, and the
// next click on Submit navigated the page to /?text=hi&payload=….)
func TestDeepJSONFieldIsAFieldError(t *testing.T) {
	p := newPageWith(t, pageOptions{CatalogDir: reliabilityCatalog(t)})
	p.ok(`window.i = new IntegryJS(cfg("u-methods")), window.j = new IntegryJS(cfg("u-other")), Promise.all([i.ready, j.ready])`, nil)
	p.ok(watchPage, nil)
	p.ok(showPayloadForm, nil)
	var got struct {
		Error   string `json:"error"`
		Open    bool   `json:"open"`
		Settled bool   `json:"settled"`
	}
	for _, deep := range []string{`deepText(50000)`, `deepText(50000).replace(/\{"a":/g, "[")`, `deepText(1001)`} {
		p.ok(typeAndSubmit+`("hi", `+deep+`)`, nil)
		p.ok(`new Promise((r) => setTimeout(r, 200)).then(async () => ({
		  error: document.querySelector(".integry-modal form [name=payload]").closest(".integry-field").querySelector(".integry-error").textContent,
		  open: !!document.querySelector(".integry-modal form"),
		  settled: await Promise.race([form.then(() => true), new Promise((r) => setTimeout(() => r(false), 50))]),
		}))`, &got)
		if !strings.Contains(got.Error, "1000") || !got.Open || got.Settled {
			t.Errorf("after submitting %s: %+v, want a field error naming the limit (1000 levels), the form open and its promise pending", deep, got)
		}
		p.checkAlive("after submitting " + deep)
	}
	// The same form still submits a good value.
	p.ok(typeAndSubmit+`("hi", '{"ok": [1, {"two": 2}]}')`, nil)
	var result string
	p.ok(`form`, &result)
	if result != `resolved: {"text":"hi","payload":{"ok":[1,{"two":2}]}}` {
		t.Errorf("the form then resolved %s", result)
	}
	p.checkAlive("after the good submit")
}

// TestSubmitNeverNavigatesAfterDeath: once the runtime is killed, a click
// on a form's Submit never submits natively, whether the click comes
// before the loader has noticed the death (in the same task as the kill)
// or after (on a form the page kept and put back). The next call starts a
// fresh runtime whose form works.
func TestSubmitNeverNavigatesAfterDeath(t *testing.T) {
	p := newPageWith(t, pageOptions{CatalogDir: reliabilityCatalog(t)})
	p.ok(`window.i = new IntegryJS(cfg("u-methods")), i.ready`, nil)
	p.ok(watchPage, nil)
	p.ok(`window.seen = [], true`, nil) // the error events below are expected

	// The kill and the click in one task: the loader learns of the death
	// from the click's dispatch, or not at all before the click ends.
	p.ok(showPayloadForm, nil)
	p.ok(`(() => {
	  const f = document.querySelector(".integry-modal form");
	  window.kept = f;
	  IntegryJS.__testing.kill();
	  for (const [name, v] of [["text", "hi"], ["payload", "{}"]]) f.querySelector("[name=" + name + "]").value = v;
	  f.querySelector("button[type=submit]").click();
	  return true;
	})()`, nil)
	var code string
	p.ok(`form`, &code)
	if code != "internal" {
		t.Errorf("the pending form settled %q, want internal", code)
	}
	// The form the page kept, put back and submitted with nothing behind it.
	p.ok(`(() => {
	  document.body.appendChild(kept);
	  kept.querySelector("button[type=submit]").click();
	  kept.requestSubmit();
	  kept.dispatchEvent(new Event("submit", {cancelable: true}));
	  return true;
	})()`, nil)
	var h health
	p.ok(`new Promise((r) => setTimeout(r, 500)).then(() => ({marker: window.marker, sameURL: location.href === window.startURL}))`, &h)
	if h.Marker != "still here" || !h.SameURL {
		t.Fatalf("a Submit click after the runtime died navigated the page (marker %q, same URL %v)", h.Marker, h.SameURL)
	}

	// A fresh runtime: its form submits through Go.
	p.ok(`kept.remove(), true`, nil)
	p.ok(showPayloadForm, nil)
	p.ok(watchPage, nil)
	p.ok(typeAndSubmit+`("hi", '{"a": 1}')`, nil)
	var result string
	p.ok(`form`, &result)
	if result != `resolved: {"text":"hi","payload":{"a":1}}` {
		t.Errorf("the fresh runtime's form resolved %s", result)
	}
	p.checkAlive("after the fresh runtime's submit")
}

// TestHostileEventsOnWidgets: the page can dispatch events of its own on
// what Go rendered, and message events on the window, with getters that
// throw and data that is a Proxy. Go reads them without a crash: the form
// and a connect flow in progress go on working.
func TestHostileEventsOnWidgets(t *testing.T) {
	p := newPage(t)
	p.ok(`window.i = new IntegryJS(cfg("u-methods")), window.j = new IntegryJS(cfg("u-connect")), Promise.all([i.ready, j.ready])`, nil)
	p.ok(watchPage, nil)
	p.ok(`window.connector = j, window.connectApp = "slack", null`, nil)
	popup := p.clickConnect()
	if err := waitInPopup(popup, `button[value=allow]`); err != nil {
		t.Fatal(err)
	}
	p.ok(`(async () => {
	  window.form = i.showFunctionUI("open-meteo-get-forecast").then((v) => "resolved: " + JSON.stringify(v), (e) => e.code);
	  await new Promise((r) => { const t = setInterval(() => { if (document.querySelector(".integry-modal form [name=days]")) { clearInterval(t); r(); } }, 20); });
	  const revoked = Proxy.revocable({}, {}); revoked.revoke();
	  const evil = (Base) => class extends Base {
	    get type() { throw revoked.proxy; }
	    get key() { throw new Error("key"); }
	    get shiftKey() { throw new Proxy({}, {get() { throw new Error("trap"); }}); }
	    get data() { throw new Error("data"); }
	    get origin() { throw revoked.proxy; }
	    get source() { throw new Error("source"); }
	  };
	  const form = document.querySelector(".integry-modal form");
	  const targets = [form, form.querySelector("[name=days]"), form.querySelector("[name=city]"), form.querySelector("button[type=submit]"), document.querySelector(".integry-modal")];
	  for (const el of targets) {
	    for (const type of ["keydown", "input", "change", "click", "submit", "focusin", "focusout"]) {
	      el.dispatchEvent(new (evil(Event))(type, {bubbles: true, cancelable: true}));
	      el.dispatchEvent(new (evil(KeyboardEvent))(type, {bubbles: true, cancelable: true, key: "Escape"}));
	    }
	  }
	  // Message events, as the connect flow listens for them: hostile
	  // events, and a Proxy as data from what claims to be the popup.
	  const popup = window.open("", "Auth Window");
	  window.dispatchEvent(new (evil(MessageEvent))("message"));
	  for (const data of [new Proxy({}, {get() { throw new Error("data trap"); }, ownKeys() { throw new Error("keys"); }}), revoked.proxy,
	                      JSON.parse('{"a":'.repeat(100000) + "1" + "}".repeat(100000))]) {
	    window.dispatchEvent(new MessageEvent("message", {data, origin: location.origin, source: popup}));
	  }
	  return true;
	})()`, nil)
	p.checkAlive("after hostile events")

	// The form still takes input and submits; the connect flow completes.
	p.ok(`(() => {
	  const f = document.querySelector(".integry-modal form");
	  const days = f.querySelector("[name=days]");
	  days.value = "3"; days.dispatchEvent(new Event("input", {bubbles: true}));
	  const city = f.querySelector("[name=city]");
	  city.value = "lahore"; city.dispatchEvent(new Event("change", {bubbles: true}));
	  f.querySelector("button[type=submit]").click();
	  return true;
	})()`, nil)
	var result string
	p.ok(`form`, &result)
	if result != `resolved: {"city":"lahore","days":3}` {
		t.Errorf("the form then settled %s", result)
	}
	if err := clickInPopup(popup, `button[value=allow]`); err != nil {
		t.Fatal(err)
	}
	var account string
	p.ok(`window.pending`, &account)
	if account == "" {
		t.Error("the connect flow did not resolve an account ID")
	}
	p.checkAlive("after the form and the connect flow")
}

// TestClosedModalsLeaveNoNodes: a click on a modal's close button reaches
// the backdrop's listener after Go has dropped it; the renderer must forget
// the id it made for that click's target (it kept one per modal closed,
// found by the soak).
func TestClosedModalsLeaveNoNodes(t *testing.T) {
	p := newPage(t)
	p.ok(`window.i = new IntegryJS(cfg("u-other")), i.ready`, nil)
	var got struct {
		Before int `json:"before"`
		After  int `json:"after"`
	}
	p.ok(`(async () => {
	  const settle = async () => {
	    for (let k = 0; k < 3; k++) { await new Promise((r) => setTimeout(r, 50)); IntegryJS.__testing.stats(); }
	    await new Promise((r) => setTimeout(r, 50));
	    IntegryJS.__testing.flush();
	    return IntegryJS.__testing.nodes();
	  };
	  const before = await settle();
	  for (let k = 0; k < 10; k++) {
	    const closed = i.showFunction("open-meteo-get-forecast", {}, "MODAL").catch((e) => e.code);
	    await new Promise((r) => { const t = setInterval(() => { if (document.querySelector(".integry-modal .integry-close")) { clearInterval(t); r(); } }, 10); });
	    document.querySelector(".integry-modal .integry-close").click();
	    if (await closed !== "cancelled") throw new Error("the closed modal did not reject cancelled");
	  }
	  return {before, after: await settle()};
	})()`, &got)
	if got.After != got.Before {
		t.Errorf("the renderer holds %d nodes after 10 modals were closed, %d before", got.After, got.Before)
	}
}
