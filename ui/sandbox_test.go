//go:build !js

package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/integry-go/integry/internal/browsertest"
	"github.com/integry-go/integry/sandbox"
	"github.com/integry-go/integry/sandbox/sandboxtest"
)

// End-to-end tests: the real bundle (./wasm, the script-tag loader) in
// headless Chromium, popup blocker on, against the sandbox. They do not call
// t.Parallel: each starts a Chromium of its own, and several at once on a
// small CI machine turn their waits for focus, frames and popups into
// timeouts.

// bundle is the bundle as `make wasm` ships it, built once per test binary.
func bundle(t *testing.T) string { return browsertest.Bundle(t) }

const sdkPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ui e2e</title>
<script src="/t/integry.js"></script></head>
<body><button id="opener">Open</button><div id="box"></div>
<script>
window.events = [];
window.integry = new IntegryJS({appKey: %q, hash: %q, userId: %q, baseUrl: location.origin, baseAPIUrl: location.origin, lang: %q});
for (const name of ["app-connected", "app-disconnected", "modal-closed", "did-render-function"]) {
  integry.eventEmitter.on(name, (p) => events.push({name, p}));
}
window.settle = (p) => p.then((v) => ({ok: v === undefined ? null : v}), (e) => ({err: {code: e.code, message: e.message}}));
</script></body></html>`

type e2e struct {
	t   *testing.T
	ctx context.Context
	sb  *sandboxtest.Sandbox
}

func newE2E(t *testing.T, user, lang string, opts ...sandboxtest.Option) *e2e {
	t.Helper()
	dir := bundle(t)
	pageDir := t.TempDir()
	sb := sandboxtest.New(t, append(opts, sandboxtest.WithMount("/t/", os.DirFS(dir)), sandboxtest.WithMount("/p/", os.DirFS(pageDir)))...)
	html := fmt.Sprintf(sdkPage, sb.AppKey, sb.Hash(user), user, lang)
	if err := os.WriteFile(filepath.Join(pageDir, "index.html"), []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.New(t, browsertest.Options{BlockPopups: true})
	if err := chromedp.Do(ctx, chromedp.Navigate(sb.URL+"/p/index.html")); err != nil {
		t.Fatal(err)
	}
	e := &e2e{t: t, ctx: ctx, sb: sb}
	e.eval(`integry.ready.then(() => true)`)
	return e
}

func (e *e2e) eval(js string) string {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[any](js, chromedp.EvalAwaitPromise))
	if err != nil {
		e.t.Fatalf("%s: %v", js, err)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func (e *e2e) until(cond string) {
	e.t.Helper()
	until(e.t, e.ctx, cond)
}

func (e *e2e) click(sel string) {
	e.t.Helper()
	clickAt(e.t, e.ctx, sel)
}

// clickPopup clicks sel (a real gesture) and returns the popup it opened,
// after pressing Allow on the sandbox's consent page when allow is set.
func (e *e2e) clickPopup(sel string, allow bool) context.Context {
	e.t.Helper()
	ch := chromedp.WaitNewTarget(e.ctx, func(info *target.Info) bool { return info.Type == "page" })
	e.click(sel)
	var popup context.Context
	select {
	case id := <-ch:
		popup, _ = chromedp.NewContext(e.ctx, chromedp.WithTargetID(id))
	case <-time.After(15 * time.Second):
		e.t.Fatal("no popup opened")
	}
	if allow {
		consentPage(e.t, popup, "allow")
	}
	return popup
}

// consentPage waits for the sandbox's consent page in the popup (it starts
// at about:blank and is navigated, so each check is a fresh evaluation)
// and clicks the button with that value.
func consentPage(t *testing.T, popup context.Context, button string) {
	t.Helper()
	sel := "button[value=" + button + "]"
	for deadline := time.Now().Add(30 * time.Second); ; {
		ok, err := chromedp.Run(popup, chromedp.Evaluate[bool](`!!document.querySelector("`+sel+`")`))
		if err == nil && ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no consent page in the popup: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	clickAt(t, popup, sel)
}

func (e *e2e) events() string {
	var s string
	_ = json.Unmarshal([]byte(e.eval(`events.map((x) => x.name).join(",")`)), &s)
	return s
}

// showFunctionUI with non-string prefills
// (docs/protocol.md#differs-prefill-values) resolves typed values
// (docs/protocol.md#differs-typed-values); did-render-function fires.
func TestSandboxShowFunctionUISubmit(t *testing.T) {
	e := newE2E(t, "u-form", "en")
	e.sb.Connect(t, "u-form", "slack", "me@slack")
	e.eval(`(window.p = settle(integry.showFunctionUI("slack-post-message", {channel: "C01GENERAL", text: 42, as_user: false, blocks: ["a"]})), true)`)
	e.until(`!!document.querySelector(".integry-modal textarea[name=text]")`)
	if got := e.eval(`document.querySelector("textarea[name=text]").value`); got != `"42"` {
		t.Errorf("prefilled number shown as %s", got)
	}
	e.until(`events.some((x) => x.name === "did-render-function")`)
	e.eval(`(() => { const i = document.querySelector("textarea[name=text]"); i.value = "hello"; i.dispatchEvent(new Event("input", {bubbles: true})); return true })()`)
	e.click(`.integry-submit`)
	got := e.eval(`p`)
	if want := `{"ok":{"as_user":false,"blocks":["a"],"channel":"C01GENERAL","text":"hello"}}`; got != want {
		t.Errorf("resolved %s\nwant     %s", got, want)
	}
	if ev := e.events(); ev != "did-render-function" {
		t.Errorf("events %s", ev)
	}
}

// Close, Escape and backdrop each reject cancelled and emit modal-closed
// (docs/protocol.md#differs-modal-closed); validation errors are shown first
// on an empty submit.
func TestSandboxShowFunctionCancelRoutes(t *testing.T) {
	e := newE2E(t, "u-cancel", "es")
	e.sb.Connect(t, "u-cancel", "slack", "me@slack")
	for i, route := range []string{"close", "escape", "backdrop"} {
		e.eval(`(window.p = settle(integry.showFunction("slack-post-message", {submitButtonText: "Go"}, "MODAL")), true)`)
		e.until(`!!document.querySelector(".integry-modal .integry-submit")`)
		if i == 0 {
			e.click(`.integry-submit`)
			e.until(`document.querySelector("textarea[name=text]").getAttribute("aria-invalid") === "true"`)
			if got := e.eval(`document.getElementById(document.querySelector("textarea[name=text]").getAttribute("aria-describedby").split(" ").pop()).textContent`); got != `"Este campo es obligatorio."` {
				t.Errorf("error message %s", got)
			}
		}
		switch route {
		case "close":
			e.click(`.integry-close`)
		case "escape":
			if err := chromedp.Do(e.ctx, chromedp.KeyEvent("\u001b")); err != nil {
				t.Fatal(err)
			}
		case "backdrop":
			if err := chromedp.Do(e.ctx, chromedp.MouseClickXY(3, 3)); err != nil {
				t.Fatal(err)
			}
		}
		if got := e.eval(`p.then((r) => r.err && r.err.code)`); got != `"cancelled"` {
			t.Errorf("%s: %s", route, got)
		}
		if got := e.eval(`events.filter((x) => x.name === "modal-closed").length`); got != fmt.Sprint(i+1) {
			t.Errorf("%s: %s modal-closed events", route, got)
		}
		if got := e.eval(`document.querySelectorAll(".integry-root").length`); got != "0" {
			t.Errorf("%s: modal left", route)
		}
	}
}

// "Connect Slack" from the form runs the connect flow in that click; the
// marketplace connects and disconnects with the events they emit.
func TestSandboxConnectFromFormAndMarketplace(t *testing.T) {
	e := newE2E(t, "u-market", "en")
	e.eval(`(window.p = settle(integry.showFunctionUI("slack-post-message", {text: "hi", channel: "C02RANDOM"})), true)`)
	e.until(`!!document.querySelector(".integry-modal .integry-connect")`)
	if got := e.eval(`document.querySelector(".integry-connect").textContent`); got != `"Connect Slack"` {
		t.Errorf("button %s", got)
	}
	e.clickPopup(`.integry-connect`, true)
	e.until(`!document.querySelector(".integry-banner")`)
	e.click(`.integry-submit`)
	if got := e.eval(`p`); got != `{"ok":{"channel":"C02RANDOM","text":"hi"}}` {
		t.Errorf("resolved %s", got)
	}
	if ev := e.events(); !strings.HasPrefix(ev, "did-render-function,app-connected") {
		t.Errorf("events %s", ev)
	}

	// The marketplace, inline.
	if got := e.eval(`settle(integry.showApps({renderMode: "INLINE", containerId: "box"}))`); got != `{"ok":null}` {
		t.Fatalf("showApps %s", got)
	}
	if got := e.eval(`document.querySelector("[data-app=slack] .integry-badge").textContent`); got != `"Connected"` {
		t.Errorf("slack badge %s", got)
	}
	if got := e.eval(`document.querySelector("[data-app=open-meteo] .integry-badge").textContent`); got != `"No login required"` {
		t.Errorf("open-meteo badge %s", got)
	}
	// One page holds the whole catalog: "Load more" is hidden, and stays
	// hidden under a host page that gives every button a display of its own
	// (the demo page does).
	e.eval(`document.head.insertAdjacentHTML("beforeend", "<style>button { display: inline-flex; }</style>")`)
	if got := e.eval(`getComputedStyle(document.querySelector(".integry-load-more")).display`); got != `"none"` {
		t.Errorf("Load more is displayed (%s) with no page left", got)
	}
	e.clickPopup(`[data-app=hubspot] .integry-connect`, true)
	e.until(`document.querySelector("[data-app=hubspot] .integry-badge").textContent === "Connected"`)
	e.click(`[data-app=hubspot] .integry-disconnect`)
	e.click(`[data-app=hubspot] .integry-confirm-yes`)
	e.until(`document.querySelector("[data-app=hubspot] .integry-badge").textContent === "Not connected"`)
	if ev := e.events(); ev != "did-render-function,app-connected,app-connected,app-disconnected" {
		t.Errorf("events %s", ev)
	}
	// Deny in the popup: the card stays, with the reason.
	popup := e.clickPopup(`[data-app=pipedrive] .integry-connect`, false)
	consentPage(t, popup, "deny")
	e.until(`document.querySelector(".integry-status").textContent.includes("Pipedrive")`)
	if got := e.eval(`document.querySelector("[data-app=pipedrive] .integry-badge").textContent`); got != `"Not connected"` {
		t.Errorf("pipedrive after deny %s", got)
	}
	// A disconnect made elsewhere on the page reaches the open card.
	if got := e.eval(`settle(integry.disconnectApp("slack"))`); !strings.HasPrefix(got, `{"ok":`) {
		t.Fatalf("disconnectApp %s", got)
	}
	e.until(`document.querySelector("[data-app=slack] .integry-badge").textContent === "Not connected"`)
}

// A catalog whose titles, descriptions and options carry script payloads:
// nothing runs, nothing becomes markup.
func TestSandboxScriptPayloadCatalog(t *testing.T) {
	dir := t.TempDir()
	p := `<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=1</script>`
	// The sandbox has fake providers for its own apps only, so the payload
	// catalog reuses the name slack.
	app := `{"id": 900, "name": "slack", "title": "` + p + `", "icon": "", "auth": "oauth",
  "functions": [{"name": "evil-fn", "description": "` + p + `", "type": "ACTION", "title": "` + p + `",
    "parameters": {"type": "object", "properties": {
      "a": {"type": "string", "description": "` + p + `", "meta": {"title": "` + p + `", "description_for_users": "` + p + `",
        "ui": {"placeholder": "` + p + `", "ui_field": {"type": "STATIC_DROPDOWN", "options": [{"id": "x", "value": "` + p + `"}]}}}},
      "b": {"type": "string", "enum": ["` + p + `"]}}, "required": ["a"]},
    "call": {"method": "POST", "path": "/x"}}]}`
	if err := os.WriteFile(filepath.Join(dir, "slack.json"), []byte(app), 0o644); err != nil {
		t.Fatal(err)
	}
	e := newE2E(t, "u-evil", "en", sandboxtest.WithOptions(func(o *sandbox.Options) { o.CatalogDir = dir }))
	if got := e.eval(`settle(integry.showApps({}))`); got != `{"ok":null}` {
		t.Fatalf("showApps %s", got)
	}
	e.eval(`(window.p = settle(integry.showFunction("evil-fn", {}, "INLINE", "box")), true)`)
	e.until(`!!document.querySelector("#box .integry-form")`)
	got := e.eval(`({pwned: window.__pwned === undefined ? "no" : "yes",
		markup: document.querySelectorAll(".integry-root script, .integry-root img[src=x]").length,
		shownAsText: document.querySelector(".integry-app-title").textContent.includes("<script>")})`)
	if got != `{"markup":0,"pwned":"no","shownAsText":true}` {
		t.Errorf("%s", got)
	}
}
