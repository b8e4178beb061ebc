//go:build !js

package main

import (
	"fmt"
	"testing"
)

// crossings is what IntegryJS.__testing.crossings() counts in Go's glue:
// js.Values Go received that refer to a string or an object (each with a
// finalizer in Go), js.Funcs made, and calls into a js.Func; and the calls
// into the module's exports.
type crossings struct{ Refs, Funcs, Events, Entries int }

// same reports whether nothing but entries happened between a and b, and
// that some did.
func same(a, b crossings) bool {
	return b.Entries > a.Entries && a.Refs == b.Refs && a.Funcs == b.Funcs && a.Events == b.Events
}

// The bridge's own ABI (docs/design.md#abi): a call, its request, its
// answer and a DOM event on a form make no js.Func, no call into one and
// no js.Value with a finalizer. Counted in the glue itself, over calls that
// succeed, calls Go refuses, and typing and clicking in an inline form.
func TestNoJSValuePerCallAnswerOrEvent(t *testing.T) {
	p := newPage(t)
	p.sb.Connect(t, "u-abi", "slack", "first@acme")
	p.sb.Connect(t, "u-abi", "pipedrive", "first@acme")
	// The loader runs Go's warm-up (a js.Func call, and the UI code's
	// js.Values) in the first idle callback after ready, at the latest 3 s
	// after it asked: an idle callback asked for later, with a later
	// deadline, runs after it, so the counting never includes it.
	p.ok(`window.i = new IntegryJS(cfg("u-abi")), i.ready.then(() => new Promise((r) => requestIdleCallback(r, {timeout: 5000})))`, nil)
	// Warm up: the first calls compile code and fill caches; the counting
	// starts after them.
	calls := `Promise.all([
	  i.invokeFunction("open-meteo-get-forecast", {city: "berlin", days: 2}),
	  i.callFunction("open-meteo-get-forecast", {city: "berlin", days: 1}, {}),
	  i.invokeFunction("open-meteo-get-forecast", {city: "berlin", days: 3}, 12345678).catch((e) => e.code),
	]).then((rs) => { if (rs[0].network_code !== "200" || rs[1].network_code !== "200") throw new Error("a call failed: " + JSON.stringify(rs).slice(0, 300)); })`
	p.ok(calls, nil)
	var before, after crossings
	p.ok(`IntegryJS.__testing.crossings()`, &before)
	for range 20 {
		p.ok(calls, nil)
	}
	p.ok(`IntegryJS.__testing.crossings()`, &after)
	if !same(before, after) {
		t.Errorf("60 calls and their answers (%d entries) made %d js.Values, %d js.Funcs and %d js.Func calls; want none",
			after.Entries-before.Entries, after.Refs-before.Refs, after.Funcs-before.Funcs, after.Events-before.Events)
	}

	// Pages of a paginated function: each page's result is the answer the
	// loader holds, put into {result, next} by number (jsbridge.With).
	p.ok(`(async () => { for (let k = 0; k < 4; k++) await i.invokeFunction("pipedrive-add-a-person", {name: "Person " + k}); })()`, nil)
	pages := `(async () => { let n = 0; for await (const pg of i.paginate("pipedrive-get-all-persons", {limit: 2})) n += pg.output.length; if (n < 4) throw new Error("paginate gave " + n + " persons"); })()`
	p.ok(pages, nil)
	p.ok(`IntegryJS.__testing.crossings()`, &before)
	for range 3 {
		p.ok(pages, nil)
	}
	p.ok(`IntegryJS.__testing.crossings()`, &after)
	if !same(before, after) {
		t.Errorf("3 paginations (%d entries) made %d js.Values, %d js.Funcs and %d js.Func calls; want none",
			after.Entries-before.Entries, after.Refs-before.Refs, after.Funcs-before.Funcs, after.Events-before.Events)
	}

	// Methods that wait on a goroutine (their bodies are ones Go keeps,
	// held until Go collects them), and an event: disconnectApp emits
	// app-disconnected.
	p.ok(`window.gone = 0, i.eventEmitter.on("app-disconnected", (app) => { if (app.name === "slack") gone++; })`, nil)
	waiting := func(k int) {
		id := p.sb.Connect(t, "u-abi", "slack", fmt.Sprintf("n%d@acme", k))
		p.ok(fmt.Sprintf(`Promise.all([i.getApp("slack"), i.isAppConnected("slack"), i.getConnectedAccounts("slack"),
		  i.verifyAuthConfig(), i.getApp("no-such-app").catch((e) => e.code)])
		  .then((rs) => { if (rs[0].name !== "slack" || rs[1] !== true || rs[2].length < 2 || rs[4] !== "app_not_found")
		    throw new Error("a method failed: " + JSON.stringify(rs).slice(0, 300)); return i.disconnectApp("slack", "%d"); })
		  .then((app) => { if (app.name !== "slack") throw new Error("disconnectApp: " + JSON.stringify(app).slice(0, 300)); })`, id), nil)
	}
	waiting(0)
	p.ok(`IntegryJS.__testing.crossings()`, &before)
	for k := range 5 {
		waiting(k + 1)
	}
	p.ok(`IntegryJS.__testing.crossings()`, &after)
	var gone int
	p.ok(`gone`, &gone)
	if gone != 6 {
		t.Errorf("app-disconnected came %d times, want 6", gone)
	}
	if !same(before, after) {
		t.Errorf("30 waiting calls and 5 events (%d entries) made %d js.Values, %d js.Funcs and %d js.Func calls; want none",
			after.Entries-before.Entries, after.Refs-before.Refs, after.Funcs-before.Funcs, after.Events-before.Events)
	}

	// DOM events: an inline form, typed into, tabbed through and clicked.
	p.ok(`(async () => {
	  const d = document.createElement("div"); d.id = "abi-form"; document.body.append(d);
	  i.showFunction("slack-post-message", {}, "INLINE", "abi-form").catch(() => {});
	  for (let k = 0; k < 400 && !d.querySelector("[name=text]"); k++) await new Promise((r) => setTimeout(r, 25));
	  if (!d.querySelector("[name=text]")) throw new Error("the form did not render");
	})()`, nil)
	events := `(async () => {
	  const d = document.getElementById("abi-form"), text = d.querySelector("[name=text]");
	  for (const key of ["a", "B", "Tab", "Escape"]) {
	    text.value += key.length === 1 ? key : "";
	    text.dispatchEvent(new Event("input", {bubbles: true}));
	    text.dispatchEvent(new KeyboardEvent("keydown", {key, shiftKey: key === "B", bubbles: true, cancelable: true}));
	  }
	  text.dispatchEvent(new FocusEvent("blur"));
	  for (const b of d.querySelectorAll("button[type=button]")) b.dispatchEvent(new MouseEvent("click", {bubbles: true}));
	  await new Promise((r) => setTimeout(r, 50));
	})()`
	p.ok(events, nil)
	p.ok(`IntegryJS.__testing.crossings()`, &before)
	for range 5 {
		p.ok(events, nil)
	}
	p.ok(`IntegryJS.__testing.crossings()`, &after)
	if !same(before, after) {
		t.Errorf("DOM events on a form (%d entries) made %d js.Values, %d js.Funcs and %d js.Func calls; want none",
			after.Entries-before.Entries, after.Refs-before.Refs, after.Funcs-before.Funcs, after.Events-before.Events)
	}
	t.Logf("calls and events entered Go %d times", after.Entries)
}
