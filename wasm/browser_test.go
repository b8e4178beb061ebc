//go:build !js

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/integry-go/integry/internal/browsertest"
	"github.com/integry-go/integry/internal/jsonx"
	"github.com/integry-go/integry/sandbox"
	"github.com/integry-go/integry/sandbox/sandboxtest"
)

// testPage is the page the browser tests drive. It records console.error
// calls and what existed before the wasm was loaded, then loads the
// script-tag build from /t/.
const testPage = `<!doctype html>
<html><head><meta charset="utf-8"><title>integry-wasm tests</title>%s
<script>
window.consoleErrors = [];
(function () {
  var orig = console.error;
  console.error = function () {
    window.consoleErrors.push(Array.prototype.map.call(arguments, function (a) {
      return a && a.message ? a.message : String(a);
    }).join(" "));
    return orig.apply(console, arguments);
  };
})();
</script>
<script src="/t/integry.js"%s></script>
<script>
window.early = {type: typeof IntegryJS, wasmLoaded: typeof __integryWasm !== "undefined"};
window.cfg = function (userId, extra) {
  return Object.assign({appKey: %q, hash: window.hashes[userId], userId: userId,
    baseUrl: location.origin, baseAPIUrl: location.origin}, extra || {});
};
window.hashes = %s;
// wait resolves after ms; until polls f every 25 ms until it returns
// something truthy, and rejects after 10 s.
window.wait = function (ms) { return new Promise(function (r) { setTimeout(r, ms); }); };
window.until = async function (f) {
  for (let i = 0; i < 400; i++) { const v = f(); if (v) return v; await wait(25); }
  throw new Error("timed out waiting");
};
// An instance made before the wasm is there, whose first call waits for it.
window.earlyInstance = new IntegryJS(cfg("early"));
window.earlyReady = new Promise(function (resolve) { earlyInstance.eventEmitter.on("ready", resolve); });
window.earlyCall = earlyInstance.isAppConnected("slack");
</script>
</head><body>
<button id="connect" onclick="window.pending = window.connector.connectApp(window.connectApp)">Connect</button>
</body></html>`

// users are the user IDs the page has hashes for.
var users = []string{"early", "u-methods", "u-events", "u-bad", "u-destroy", "u-connect", "u-leak", "u-blocked", "u-pages", "u-other", "u-fuzz", "u-soak", "u-abi"}

// page is a browser tab on the test page, served by a sandbox on one origin,
// in the engine INTEGRY_ENGINE names (internal/browsertest.Open;
// docs/browsers.md).
type page struct {
	t  *testing.T
	b  browsertest.Browser
	sb *sandboxtest.Sandbox
}

// chrome returns the chromedp context of a Chromium-only test (one that
// called browsertest.ChromiumOnly first): the heap profiler and the
// DevTools targets are Chromium's.
func (p *page) chrome() context.Context {
	p.t.Helper()
	ctx, ok := browsertest.ChromeContext(p.b)
	if !ok {
		p.t.Fatalf("a Chromium-only step in %s", p.b.Engine())
	}
	return ctx
}

func newPage(t *testing.T, faults ...sandbox.Fault) *page {
	t.Helper()
	return newPageWith(t, pageOptions{Faults: faults})
}

// pageOptions vary the test page.
type pageOptions struct {
	Faults      []sandbox.Fault
	CSP         string // a Content-Security-Policy meta tag's content
	ScriptAttrs string // more attributes of the loader's script tag
	CatalogDir  string // the sandbox's catalog, instead of the embedded one
	// Official loads @integry/sdk 4.9.37's UMD build (web/node_modules)
	// before ours and keeps its class as window.Official.
	Official bool
	// Skew, when set, is added to the sandbox clock: a test moves the
	// sandbox's time forward instead of sleeping.
	Skew *atomic.Int64
}

func newPageWith(t *testing.T, o pageOptions) *page {
	t.Helper()
	b := browsertest.Open(t, browsertest.Options{BlockPopups: true})
	dir := buildBundle(t)
	pageDir := t.TempDir()
	official := filepath.Join("..", "web", "node_modules", "@integry", "sdk", "dist", "umd")
	if o.Official {
		if _, err := os.Stat(filepath.Join(official, "index.umd.js")); err != nil {
			t.Skipf("the official SDK is not installed (%v); run make npm", err)
		}
	}
	sb := sandboxtest.New(t, sandboxtest.WithMount("/t/", os.DirFS(dir)), sandboxtest.WithMount("/t2/", os.DirFS(dir)),
		sandboxtest.WithMount("/p/", os.DirFS(pageDir)), sandboxtest.WithMount("/o/", os.DirFS(official)),
		sandboxtest.WithOptions(func(so *sandbox.Options) {
			so.CatalogDir = o.CatalogDir
			if skew := o.Skew; skew != nil {
				so.Clock = func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
			}
		}))
	hashes := map[string]string{}
	for _, u := range users {
		hashes[u] = sb.Hash(u)
	}
	hj, _ := json.Marshal(hashes)
	csp := ""
	if o.CSP != "" {
		csp = `<meta http-equiv="Content-Security-Policy" content="` + o.CSP + `">`
	}
	if o.Official {
		csp += `<script src="/o/index.umd.js"></script><script>window.Official = window.IntegryJS;</script>`
	}
	html := fmt.Sprintf(testPage, csp, o.ScriptAttrs, sb.AppKey, hj)
	if err := os.WriteFile(filepath.Join(pageDir, "index.html"), []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range o.Faults {
		sb.AddFault(t, f)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	if err := b.Navigate(ctx, sb.URL+"/p/index.html"); err != nil {
		t.Fatalf("opening the page: %v", err)
	}
	return &page{t: t, b: b, sb: sb}
}

// outcome is how a promise settled: OK holds the resolved value as JSON, Err
// the rejection's fields.
type outcome struct {
	OK  json.RawMessage `json:"ok"`
	Err *jsError        `json:"err"`
}

type jsError struct {
	Name    string          `json:"name"`
	Code    string          `json:"code"`
	Message string          `json:"message"`
	Status  int             `json:"status"`
	Details json.RawMessage `json:"details"`
}

// run evaluates expr (anything, awaited) in the page and reports how it
// settled.
func (p *page) run(expr string) outcome {
	p.t.Helper()
	js := `(async () => {
  try {
    const v = await (` + expr + `);
    return JSON.stringify({ok: v === undefined ? null : v});
  } catch (e) {
    return JSON.stringify({err: {name: e && e.name, code: e && e.code, message: String(e && e.message),
      status: e && e.status, details: e && e.details}});
  }
})()`
	ctx, cancel := context.WithTimeout(p.t.Context(), 60*time.Second)
	defer cancel()
	var s string
	if err := p.b.Eval(ctx, js, &s); err != nil {
		p.t.Fatalf("evaluating %s (%s): %v", expr, p.b.Engine(), err)
	}
	var o outcome
	if err := json.Unmarshal([]byte(s), &o); err != nil {
		p.t.Fatalf("decoding %s: %v", s, err)
	}
	return o
}

// ok runs expr, fails the test if it rejected, and decodes its value into v.
func (p *page) ok(expr string, v any) {
	p.t.Helper()
	o := p.run(expr)
	if o.Err != nil {
		p.t.Fatalf("%s rejected: %+v", expr, *o.Err)
	}
	if v != nil {
		if err := json.Unmarshal(o.OK, v); err != nil {
			p.t.Fatalf("%s resolved %s: %v", expr, o.OK, err)
		}
	}
}

// rejects runs expr and fails the test unless it rejected with an
// IntegryError of code.
func (p *page) rejects(expr, code string) *jsError {
	p.t.Helper()
	o := p.run(expr)
	if o.Err == nil {
		p.t.Fatalf("%s resolved %s, want a rejection with code %s", expr, o.OK, code)
	}
	if o.Err.Code != code {
		p.t.Fatalf("%s rejected with code %q (%s), want %q", expr, o.Err.Code, o.Err.Message, code)
	}
	if o.Err.Name != "IntegryError" && o.Err.Name != "TypeError" {
		p.t.Errorf("%s rejected with name %q, want IntegryError", expr, o.Err.Name)
	}
	return o.Err
}

func TestLoaderBeforeTheWasmIsReady(t *testing.T) {
	p := newPage(t)
	var early struct {
		Type       string `json:"type"`
		WasmLoaded bool   `json:"wasmLoaded"`
	}
	p.ok("window.early", &early)
	if early.Type != "function" || early.WasmLoaded {
		t.Errorf("right after the script tag: typeof IntegryJS = %q, wasm loaded = %v; want a function and no wasm yet", early.Type, early.WasmLoaded)
	}
	var connected bool
	p.ok("window.earlyCall", &connected)
	if connected {
		t.Error(`isAppConnected("slack") called before the wasm loaded resolved true for a user with no accounts`)
	}
	var ready map[string]bool
	p.ok("window.earlyReady", &ready)
	if !ready["isReady"] {
		t.Errorf("ready payload = %v, want {isReady: true}", ready)
	}
	p.ok("earlyInstance.ready", &ready)
	if !ready["isReady"] {
		t.Errorf("integry.ready resolved %v, want {isReady: true}", ready)
	}
	var n int
	p.ok(`(async () => { const tags = document.querySelectorAll("script[src$='wasm_exec.js']").length;
	  await Promise.all([IntegryJS.load(), IntegryJS.load()]); return tags + document.querySelectorAll("script[src$='wasm_exec.js']").length; })()`, &n)
	if n != 2 {
		t.Errorf("wasm_exec.js script tags before+after more loads = %d, want 1+1 (loaded once)", n)
	}
	var v struct {
		Version, Go string
	}
	p.ok(`({Version: IntegryJS.SDK_VERSION, Go: __integryWasm.version})`, &v)
	if want := testVersion(t); v.Version != want || v.Go != want {
		t.Errorf("SDK_VERSION = %q, wasm version = %q, want %q for both", v.Version, v.Go, want)
	}
}

func TestStatics(t *testing.T) {
	p := newPage(t)
	var s map[string]json.RawMessage
	p.ok(`({RenderModes: IntegryJS.RenderModes, MarketplaceRenderModes: IntegryJS.MarketplaceRenderModes,
	  Layouts: IntegryJS.Layouts, helpers: typeof IntegryJS.Helpers.getAuthHash})`, &s)
	want := map[string]string{
		"RenderModes":            `{"MODAL":"MODAL","INLINE":"INLINE"}`,
		"MarketplaceRenderModes": `{"MODAL":"MODAL","INLINE":"INLINE"}`,
		"Layouts":                `{"NARROW":"COMPACT","WIDE":"COMFORTABLE"}`,
		"helpers":                `"function"`,
	}
	for k, w := range want {
		if string(s[k]) != w {
			t.Errorf("IntegryJS.%s = %s, want %s", k, s[k], w)
		}
	}
	// The test vectors of docs/protocol.md#hash, in the official runtime order (userId, appSecret).
	for _, c := range []struct{ user, secret, want string }{
		{"user-1", "secret", "1d16fd7e96e8a9681f283b8a251822ffdc71e2a5bda0c5267a044874fa21b82b"},
		{"ü ser+1", "secret", "c962d19634bf73c6d484266cd42a09bd6dfc00b3edd59e1a61e488886d01bb9c"},
	} {
		var got string
		p.ok(fmt.Sprintf("IntegryJS.Helpers.getAuthHash(%q, %q)", c.user, c.secret), &got)
		if got != c.want {
			t.Errorf("getAuthHash(%q, %q) = %s, want %s", c.user, c.secret, got, c.want)
		}
	}
	p.rejects(`IntegryJS.Helpers.getAuthHash("user-1")`, "invalid_argument")
	p.rejects(`IntegryJS.Helpers.getAuthHash(null, "secret")`, "invalid_argument")
}

func TestConstructor(t *testing.T) {
	p := newPage(t)
	var msg struct{ Name, Code, Message string }
	p.ok(`(() => { try { new IntegryJS({baseUrl: location.origin}); return {}; } catch (e) { return {Name: e.name, Code: e.code, Message: e.message}; } })()`, &msg)
	if msg.Name != "TypeError" || msg.Code != "invalid_argument" {
		t.Errorf("new IntegryJS without credentials threw %+v, want a TypeError with code invalid_argument", msg)
	}
	for _, f := range []string{"appKey", "hash", "userId"} {
		if !strings.Contains(msg.Message, f) {
			t.Errorf("the TypeError %q does not name %s", msg.Message, f)
		}
	}
	// Once the wasm is loaded, the Go side checks the config synchronously too.
	p.ok(`IntegryJS.load()`, nil)
	p.ok(`(() => { try { new IntegryJS(cfg("u-other", {baseUrl: "ftp://x"})); return {}; } catch (e) { return {Name: e.name, Code: e.code, Message: e.message}; } })()`, &msg)
	if msg.Name != "TypeError" || !strings.Contains(msg.Message, "baseUrl") {
		t.Errorf("a bad baseUrl threw %+v, want a TypeError naming baseUrl", msg)
	}
	// user: {userId} works as userId does.
	var ready map[string]bool
	p.ok(`(() => { const c = cfg("u-other"); delete c.userId; c.user = {userId: "u-other"}; return new IntegryJS(c).ready; })()`, &ready)
	if !ready["isReady"] {
		t.Errorf("ready with user.userId = %v", ready)
	}
	// A wrong hash: an error event with the coded error, and ready rejects.
	var ev jsError
	p.ok(`new Promise((resolve) => {
	  const i = new IntegryJS(Object.assign(cfg("u-other"), {hash: "0".repeat(64)}));
	  i.eventEmitter.on("ready", () => resolve({name: "ready fired"}));
	  i.eventEmitter.on("error", (e) => resolve({name: e.name, code: e.code, status: e.status, message: e.message}));
	})`, &ev)
	if ev.Name != "IntegryError" || ev.Code != "unauthorized" || ev.Status != 403 {
		t.Errorf("error event = %+v, want an IntegryError unauthorized with status 403", ev)
	}
	p.rejects(`new IntegryJS(Object.assign(cfg("u-other"), {hash: "0".repeat(64)})).ready`, "unauthorized")
}

func TestMethods(t *testing.T) {
	var skew atomic.Int64
	p := newPageWith(t, pageOptions{Skew: &skew})
	p.ok(`window.i = new IntegryJS(cfg("u-methods")), i.ready`, nil)

	var verified struct {
		ConfigVerified bool           `json:"config_verified"`
		Meta           map[string]any `json:"meta"`
	}
	p.ok(`i.verifyAuthConfig()`, &verified)
	if !verified.ConfigVerified {
		t.Error("verifyAuthConfig did not resolve config_verified: true")
	}
	if _, ok := verified.Meta["storage"]; !ok {
		t.Errorf("verifyAuthConfig lost meta.storage: %v", verified.Meta)
	}

	var connected bool
	p.ok(`i.isAppConnected("slack")`, &connected)
	if connected {
		t.Error("isAppConnected before any connect = true")
	}
	var accounts []json.RawMessage
	p.ok(`i.getConnectedAccounts("slack")`, &accounts)
	if accounts == nil || len(accounts) != 0 {
		t.Errorf("getConnectedAccounts with none = %v, want []", accounts)
	}
	p.rejects(`i.getApp("no-such-app")`, "app_not_found")

	first := p.sb.Connect(t, "u-methods", "slack", "first@acme")
	skew.Add(int64(time.Second)) // the second account is newer, whatever the two connects' speed
	second := p.sb.Connect(t, "u-methods", "slack", "second@acme")
	p.ok(`i.isAppConnected("slack")`, &connected)
	if !connected {
		t.Error("isAppConnected after a connect = false")
	}
	var accs []struct {
		ID int64 `json:"id"`
	}
	p.ok(`i.getConnectedAccounts("slack")`, &accs)
	if len(accs) != 2 || accs[0].ID != second || accs[1].ID != first {
		t.Errorf("getConnectedAccounts = %+v, want [%d %d] (newest first)", accs, second, first)
	}
	var app struct {
		Name     string `json:"name"`
		LoginURL string `json:"login_url"`
		Accounts []any  `json:"connected_accounts"`
	}
	p.ok(`i.getApp("slack")`, &app)
	if app.Name != "slack" || app.LoginURL == "" || len(app.Accounts) != 2 {
		t.Errorf("getApp = %+v", app)
	}

	var fn struct {
		Name       string          `json:"name"`
		Parameters json.RawMessage `json:"parameters"`
	}
	p.ok(`i.getFunction("open-meteo-get-forecast")`, &fn)
	if fn.Name != "open-meteo-get-forecast" || !strings.HasPrefix(string(fn.Parameters), `{"type":"object","properties":{"city"`) {
		t.Errorf("getFunction = %s %s (keys must keep the server's order)", fn.Name, fn.Parameters)
	}
	p.rejects(`i.getFunction("no-such-function")`, "function_not_found")

	var res struct {
		NetworkCode string          `json:"network_code"`
		Output      json.RawMessage `json:"output"`
		Error       string          `json:"error"`
		Details     json.RawMessage `json:"error_details"`
	}
	p.ok(`i.invokeFunction("open-meteo-get-forecast", {city: "berlin", days: 2})`, &res)
	if res.NetworkCode != "200" || len(res.Output) == 0 {
		t.Errorf("invokeFunction = %+v, want an executed call", res)
	}
	// Not executed (a required argument missing): a documented result, resolved.
	res = struct {
		NetworkCode string          `json:"network_code"`
		Output      json.RawMessage `json:"output"`
		Error       string          `json:"error"`
		Details     json.RawMessage `json:"error_details"`
	}{}
	p.ok(`i.invokeFunction("open-meteo-get-forecast", {})`, &res)
	if res.Error == "" || !strings.Contains(string(res.Details), "city") {
		t.Errorf("invokeFunction without city = %+v, want error and error_details naming city", res)
	}
	// Two slack accounts: the call needs one chosen.
	p.ok(fmt.Sprintf(`i.invokeFunction("slack-post-message", {channel: "general", text: "hi"}, "%d")`, second), &res)
	if res.NetworkCode != "200" {
		t.Errorf("invokeFunction with connectedAccountId = %+v", res)
	}
	calls := p.sb.Calls(t, "u-methods")
	if len(calls) == 0 {
		t.Fatal("the sandbox logged no call")
	}

	// callFunction: the official signature, vars sent as _variables.
	p.ok(fmt.Sprintf(`i.callFunction("slack-post-message", {channel: "{ch}", text: "hello"}, {ch: "random"}, %d)`, first), &res)
	if res.NetworkCode != "200" {
		t.Errorf("callFunction = %+v", res)
	}

	// disconnectApp: resolves once the account is gone; app-disconnected
	// carries the remaining accounts.
	var disc struct {
		Event struct {
			ID       string `json:"connected_account_id"`
			Accounts []struct {
				ID int64 `json:"id"`
			} `json:"connected_accounts"`
		} `json:"event"`
		Result struct {
			ID string `json:"connected_account_id"`
		} `json:"result"`
	}
	p.ok(fmt.Sprintf(`(async () => {
	  let event = null;
	  i.eventEmitter.on("app-disconnected", (a) => { event = a; });
	  const result = await i.disconnectApp("slack", "%d");
	  return {event, result};
	})()`, first), &disc)
	if disc.Event.ID != fmt.Sprint(first) || len(disc.Event.Accounts) != 1 || disc.Event.Accounts[0].ID != second || disc.Result.ID != fmt.Sprint(first) {
		t.Errorf("disconnectApp: %+v, want the event and result naming %d with %d remaining", disc, first, second)
	}
	// By name alone, with exactly one account left.
	p.ok(`i.disconnectApp("slack")`, nil)
	p.ok(`i.isAppConnected("slack")`, &connected)
	if connected {
		t.Error("still connected after disconnecting both accounts")
	}
	p.rejects(`i.disconnectApp("slack")`, "not_connected")
	p.rejects(`i.disconnectApp("slack", "999999")`, "not_found")
}

// Large bodies Go has read are let go without anything forcing Go's
// collector: jsbridge asks for a collection, in a task of its own, once
// 256 KB of bodies have passed (docs/design.md#memory). Twenty answers of
// about 400 KB each grow the page's JavaScript heap, after a JavaScript
// GC, by under 2 MB; with the collection turned off they held 6.7 MB.
func TestLargeBodiesAreLetGo(t *testing.T) {
	browsertest.ChromiumOnly(t) // reads the heap through the DevTools protocol
	p := newPage(t)
	p.sb.Connect(t, "u-pages", "pipedrive", "p@acme")
	p.ok(`window.i = new IntegryJS(cfg("u-pages")), i.ready`, nil)
	p.ok(`(async () => { const name = "x".repeat(2000); for (let k = 0; k < 100; k++) await i.invokeFunction("pipedrive-add-a-person", {name: name + k}); })()`, nil)
	heap := func() float64 {
		ctx, cancel := context.WithTimeout(p.chrome(), 30*time.Second)
		defer cancel()
		if _, err := chromedp.Call(ctx, heapprofiler.CollectGarbage, cdp.Empty{}); err != nil {
			t.Fatalf("collecting garbage: %v", err)
		}
		h, err := chromedp.Call(ctx, cdpruntime.GetHeapUsage, cdp.Empty{})
		if err != nil {
			t.Fatalf("reading the heap: %v", err)
		}
		return h.UsedSize
	}
	var size int
	p.ok(`i.invokeFunction("pipedrive-get-all-persons", {limit: 500}).then((r) => JSON.stringify(r).length)`, &size)
	if size < 150<<10 {
		t.Fatalf("the answer is %d bytes; the test needs about 400 KB", size)
	}
	before := heap()
	p.ok(`(async () => { for (let k = 0; k < 20; k++) await i.invokeFunction("pipedrive-get-all-persons", {limit: 500}); })()`, nil)
	p.ok(`new Promise((r) => setTimeout(r, 100))`, nil) // the collection's task
	if grew := heap() - before; grew > 2<<20 {
		t.Errorf("after 20 answers of %d KB the JavaScript heap grew by %.1f MB: Go still holds their bodies", size>>10, grew/(1<<20))
	}
}

func TestPaginate(t *testing.T) {
	p := newPage(t)
	p.sb.Connect(t, "u-pages", "pipedrive", "p@acme")
	p.ok(`window.i = new IntegryJS(cfg("u-pages")), i.ready`, nil)
	p.ok(`(async () => { for (let k = 0; k < 5; k++) await i.invokeFunction("pipedrive-add-a-person", {name: "Person " + k}); })()`, nil)
	var all struct {
		Output []json.RawMessage `json:"output"`
	}
	p.ok(`i.invokeFunction("pipedrive-get-all-persons", {limit: 500})`, &all)
	if len(all.Output) < 3 {
		t.Fatalf("the sandbox has %d persons; the test needs 3 or more", len(all.Output))
	}
	var pages []struct {
		Output   []json.RawMessage `json:"output"`
		NextPage string            `json:"next_page"`
	}
	p.ok(`(async () => { const pages = []; for await (const pg of i.paginate("pipedrive-get-all-persons", {limit: 2})) pages.push(pg); return pages; })()`, &pages)
	n := 0
	for _, pg := range pages {
		n += len(pg.Output)
	}
	if want := (len(all.Output) + 1) / 2; len(pages) != want || n != len(all.Output) {
		t.Errorf("paginate gave %d pages with %d persons, want %d pages with %d", len(pages), n, want, len(all.Output))
	}
	// Leaving early ends the iteration; a bad argument rejects the first next().
	var early int
	p.ok(`(async () => { let n = 0; for await (const pg of i.paginate("pipedrive-get-all-persons", {limit: 1})) { n++; break; } return n; })()`, &early)
	if early != 1 {
		t.Errorf("break after one page saw %d pages", early)
	}
	p.rejects(`i.paginate("", {}).next()`, "invalid_argument")
	// One page is one stateless call (docs/design.md#paging): the cursor
	// goes back as an argument and nothing stays open in Go between pages.
	var step struct {
		Result struct {
			Output   []json.RawMessage `json:"output"`
			NextPage string            `json:"next_page"`
		} `json:"result"`
		Next    string `json:"next"`
		Visible bool   `json:"visible"`
	}
	p.ok(`i.__page("pipedrive-get-all-persons", {limit: 2}, undefined, "").then((first) =>
	  i.__page("pipedrive-get-all-persons", {limit: 2}, undefined, first.next)).then((pg) => ({...pg, visible: Object.keys(i).includes("__page")}))`, &step)
	if len(step.Result.Output) != 2 || step.Next != step.Result.NextPage || step.Next == "" || step.Visible {
		t.Errorf("the second page alone: %+v, want 2 persons, next as next_page, __page not enumerable", step)
	}
	p.rejects(`i.__page("pipedrive-get-all-persons", {}, undefined, 42)`, "invalid_argument")
}

func TestEvents(t *testing.T) {
	p := newPage(t)
	p.ok(`window.i = new IntegryJS(cfg("u-events")), window.j = new IntegryJS(cfg("u-other")), Promise.all([i.ready, j.ready])`, nil)
	var got struct {
		Log       []string `json:"log"`
		Listeners []int    `json:"listeners"`
		Errors    []string `json:"errors"`
	}
	p.ok(`(() => {
	  const log = [], listeners = [];
	  const h = () => i.eventEmitter.listenerCount();
	  const a = (x) => log.push("a:" + x), b = (x) => log.push("b:" + x);
	  const thrower = () => { throw new Error("boom from a handler"); };
	  i.eventEmitter.on("x", a);
	  i.eventEmitter.on("x", thrower);
	  i.eventEmitter.on("x", b);
	  i.eventEmitter.once("y", a);
	  j.eventEmitter.on("x", (x) => log.push("j:" + x));
	  window.consoleErrors.length = 0;
	  i.eventEmitter.emit("x", 1);           // a, b (thrower reported), not j
	  i.eventEmitter.emit("y", 2);           // a once
	  i.eventEmitter.emit("y", 3);           // nothing
	  i.eventEmitter.off("x", a);
	  i.eventEmitter.emit("x", 4);           // b
	  i.eventEmitter.unsub("x", b);
	  i.eventEmitter.emit("x", 5);           // nothing but the thrower
	  i.eventEmitter.on("z", a); i.eventEmitter.once("z", a);
	  i.eventEmitter.emit("z", 6);           // a twice, then none left
	  i.eventEmitter.emit("z", 7);
	  listeners.push(h());
	  i.eventEmitter.offAll();
	  listeners.push(h());
	  i.eventEmitter.emit("x", 8);
	  return {log, listeners, errors: window.consoleErrors.slice()};
	})()`, &got)
	want := "a:1 b:1 a:2 b:4 a:6 a:6"
	if strings.Join(got.Log, " ") != want {
		t.Errorf("handler calls = %v, want %s", got.Log, want)
	}
	if len(got.Listeners) != 2 || got.Listeners[0] != 1 || got.Listeners[1] != 0 {
		t.Errorf("listeners before/after offAll = %v, want [1 0] (the thrower)", got.Listeners)
	}
	if len(got.Errors) != 3 || !strings.Contains(got.Errors[0], "boom from a handler") {
		t.Errorf("console.error calls = %q, want the throwing handler reported 3 times", got.Errors)
	}
	var bad []string
	p.ok(`(() => { const out = [];
	  for (const f of [() => i.eventEmitter.on("x", 42), () => i.eventEmitter.on("", () => {}), () => i.eventEmitter.once("x")]) {
	    try { f(); out.push("no throw"); } catch (e) { out.push(e.code); } }
	  return out; })()`, &bad)
	if strings.Join(bad, ",") != "invalid_argument,invalid_argument,invalid_argument" {
		t.Errorf("bad eventEmitter arguments gave %v, want invalid_argument throws", bad)
	}
}

// badValues are JavaScript expressions for arguments no method accepts
// where a name is expected.
var badValues = []string{
	`undefined`, `null`, `""`, `"   "`, `42`, `true`, `{}`, `[]`, `() => 1`, `Symbol("s")`, `10n`,
	`"x".repeat(5e6)`, `(() => { const o = {}; o.o = o; return o; })()`,
}

func TestBadArguments(t *testing.T) {
	p := newPage(t)
	p.ok(`window.i = new IntegryJS(cfg("u-bad")), i.ready`, nil)
	for _, bad := range badValues {
		for _, call := range []string{
			`i.isAppConnected(%s)`, `i.getConnectedAccounts(%s)`, `i.getApp(%s)`, `i.getFunction(%s)`,
			`i.invokeFunction(%s, {})`, `i.callFunction(%s, {})`, `i.connectApp(%s)`,
			`i.paginate(%s, {}).next()`,
		} {
			p.rejects(fmt.Sprintf(call, bad), "invalid_argument")
		}
	}
	// Wrong params and account IDs: types, cycles, BigInt, huge JSON.
	for _, params := range []string{
		`undefined`, `null`, `"text"`, `[1, 2]`, `() => 1`, `Symbol("s")`, `10n`,
		`(() => { const o = {}; o.o = o; return o; })()`, `{big: 10n}`, `{s: "x".repeat(9e6)}`,
	} {
		p.rejects(fmt.Sprintf(`i.invokeFunction("open-meteo-get-forecast", %s)`, params), "invalid_argument")
		p.rejects(fmt.Sprintf(`i.callFunction("open-meteo-get-forecast", %s)`, params), "invalid_argument")
		if params != "undefined" && params != "null" { // vars default to {}, as in @integry/sdk
			p.rejects(fmt.Sprintf(`i.callFunction("open-meteo-get-forecast", {city: "berlin"}, %s)`, params), "invalid_argument")
		}
	}
	for _, id := range []string{`"abc"`, `-1`, `1.5`, `{}`, `() => 1`, `Symbol("s")`, `10n`, `NaN`} {
		p.rejects(fmt.Sprintf(`i.invokeFunction("open-meteo-get-forecast", {city: "berlin"}, %s)`, id), "invalid_argument")
		p.rejects(fmt.Sprintf(`i.disconnectApp("slack", %s)`, id), "invalid_argument")
	}
	p.rejects(`i.disconnectApp()`, "invalid_argument")
	p.rejects(`i.callFunction("open-meteo-get-forecast", {city: "berlin"}, {}, undefined, 42)`, "invalid_argument")
	// More arguments than Go reads (the contract's MAX_ARGS) are refused,
	// never a dead runtime.
	p.rejects(`i.invokeFunction(...new Array(65).fill("open-meteo-get-forecast"))`, "invalid_argument")
	// The instance's state and its way into Go are #private
	// (docs/design.md#private-state): a page sees none of it.
	var reachable []string
	p.ok(`["_call", "_handle", "_config", "_destroyed", "_attach"].filter((k) => k in i)`, &reachable)
	if len(reachable) != 0 {
		t.Errorf("a page reaches the instance's internals %v", reachable)
	}
	// The Go program is still alive and well.
	var connected bool
	p.ok(`i.isAppConnected("slack")`, &connected)
	var errs []string
	p.ok(`window.consoleErrors`, &errs)
	for _, e := range errs {
		if strings.Contains(e, "internal error") || strings.Contains(e, "exited") {
			t.Errorf("console: %s", e)
		}
	}
}

func TestDestroy(t *testing.T) {
	p := newPage(t)
	p.ok(`window.i = new IntegryJS(cfg("u-destroy")), i.ready`, nil)
	p.sb.AddFault(t, faultSlowCall())
	var got struct {
		Pending   jsError `json:"pending"`
		Later     jsError `json:"later"`
		Listeners int     `json:"listeners"`
		Fired     int     `json:"fired"`
	}
	p.ok(`(async () => {
	  let fired = 0;
	  i.eventEmitter.on("x", () => fired++);
	  const pending = i.invokeFunction("open-meteo-get-forecast", {city: "berlin"}).then(() => ({code: "resolved"}), (e) => ({name: e.name, code: e.code}));
	  await new Promise((r) => setTimeout(r, 100));
	  i.destroy();
	  i.destroy();
	  i.eventEmitter.emit("x");
	  const later = await i.getApp("slack").then(() => ({code: "resolved"}), (e) => ({name: e.name, code: e.code}));
	  return {pending: await pending, later, listeners: i.eventEmitter.listenerCount(), fired};
	})()`, &got)
	if got.Pending.Code != "destroyed" || got.Later.Code != "destroyed" || got.Listeners != 0 || got.Fired != 0 {
		t.Errorf("after destroy(): %+v, want pending and later calls rejected destroyed, no listeners, no event", got)
	}
}

// faultSlowCall holds every function call for 5 s.
func faultSlowCall() sandbox.Fault {
	return sandbox.Fault{Path: "/functions/*/call", LatencyMS: 5000}
}

func TestConnectApp(t *testing.T) {
	p := newPage(t)
	p.ok(`window.i = new IntegryJS(cfg("u-connect")), i.ready`, nil)

	// Outside a user gesture the popup blocker wins: popup_blocked, at once.
	start := time.Now()
	p.rejects(`i.connectApp("slack")`, "popup_blocked")
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("popup_blocked took %v", d)
	}

	// Inside a click: the popup opens, the consent page posts the account.
	p.ok(`window.connector = i, window.connectApp = "slack", window.connectedEvent = new Promise((r) => i.eventEmitter.once("app-connected", r)), null`, nil)
	popup := p.clickConnect()
	if err := clickInPopup(popup, `button[value=allow]`); err != nil {
		o := p.run(`Promise.race([window.pending, new Promise((r) => setTimeout(() => r("still pending"), 100))])`)
		t.Fatalf("allowing in the popup: %v (pending: %s %+v; popups %v)", err, o.OK, o.Err, p.popupURLs())
	}
	var id string
	p.ok(`window.pending`, &id)
	var ev struct {
		ID       string `json:"connected_account_id"`
		Name     string `json:"name"`
		Accounts []struct {
			ID int64 `json:"id"`
		} `json:"connected_accounts"`
	}
	p.ok(`window.connectedEvent`, &ev)
	if id == "" || ev.ID != id || ev.Name != "slack" || len(ev.Accounts) != 1 || fmt.Sprint(ev.Accounts[0].ID) != id {
		t.Errorf("connectApp resolved %q; app-connected = %+v; want the same new account in both", id, ev)
	}

	// Closing the popup without allowing: connect_cancelled.
	popup = p.clickConnect()
	if err := waitInPopup(popup, `button[value=allow]`); err != nil {
		t.Fatal(err)
	}
	if err := popup.Close(t.Context()); err != nil { // as the visitor closes it
		t.Fatalf("closing the popup: %v", err)
	}
	p.rejects(`window.pending`, "connect_cancelled")

	// destroy() while the popup is open: destroyed, and the popup is closed.
	p.ok(`window.connectApp = "slack"`, nil)
	popup = p.clickConnect()
	if err := waitInPopup(popup, `button[value=allow]`); err != nil {
		t.Fatal(err)
	}
	p.ok(`window.connector.destroy()`, nil)
	p.rejects(`window.pending`, "destroyed")
	if !p.popupCloses() {
		t.Error("the popup is still open after destroy()")
	}
	p.ok(`window.i = new IntegryJS(cfg("u-connect")), window.connector = i, i.ready`, nil)

	// An app that needs no login: no_login_required, and the popup is closed.
	p.ok(`window.connectApp = "open-meteo"`, nil)
	p.click(`#connect`) // the popup may be gone before a driver sees it
	p.rejects(`window.pending`, "no_login_required")
	if !p.popupCloses() {
		t.Error("the popup is still open after no_login_required")
	}

	// Deny on the consent page: connect_failed, and no app-connected.
	p.ok(`window.connectApp = "slack", window.events = [], i.eventEmitter.on("app-connected", () => events.push("app-connected")), null`, nil)
	popup = p.clickConnect()
	if err := clickInPopup(popup, `button[value=deny]`); err != nil {
		t.Fatalf("denying in the popup: %v", err)
	}
	p.rejects(`window.pending`, "connect_failed")
	var events []string
	p.ok(`window.events`, &events)
	if len(events) != 0 {
		t.Errorf("events after Deny: %v", events)
	}

	// A trailing {signal}: aborting while the popup is open rejects
	// cancelled and closes the popup (the demo's blocked-popup case uses it
	// when the browser lets the popup through).
	p.ok(`window.ctl = new AbortController(), window.connector = { connectApp: (name) => i.connectApp(name, { signal: ctl.signal }) }, null`, nil)
	popup = p.clickConnect()
	if err := waitInPopup(popup, `button[value=allow]`); err != nil {
		t.Fatal(err)
	}
	p.ok(`ctl.abort(), null`, nil)
	p.rejects(`window.pending`, "cancelled")
	if !p.popupCloses() {
		t.Error("the popup is still open after the connect was aborted")
	}
	p.ok(`window.connector = i, null`, nil)

	// Nobody answers the consent page: connect_timeout at connectTimeout,
	// and the popup is closed.
	p.ok(`window.i = new IntegryJS(cfg("u-connect", {connectTimeout: 1500})), window.connector = i, window.connectApp = "slack", i.ready`, nil)
	popup = p.clickConnect()
	if err := waitInPopup(popup, `button[value=allow]`); err != nil {
		t.Fatal(err)
	}
	p.rejects(`window.pending`, "connect_timeout")
	if !p.popupCloses() {
		t.Error("the popup is still open after connect_timeout")
	}
}

// clickConnect clicks the page's Connect button (a real user gesture, so
// the popup blocker lets window.open through) and returns the popup it
// opened.
func (p *page) clickConnect() browsertest.Page {
	p.t.Helper()
	return p.clickPopup(`#connect`)
}

// clickPopup clicks the element matching css, whose click opens a popup
// (a connect), and returns the popup.
func (p *page) clickPopup(css string) browsertest.Page {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.t.Context(), 30*time.Second)
	defer cancel()
	p.click(css)
	for {
		ps, err := p.b.Popups(ctx)
		if err != nil {
			p.t.Fatalf("listing the popups (%s): %v", p.b.Engine(), err)
		}
		if len(ps) > 0 {
			return ps[len(ps)-1]
		}
		select {
		case <-ctx.Done():
			p.t.Fatalf("no popup opened (%s)", p.b.Engine())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// click clicks the element matching css, a trusted click.
func (p *page) click(css string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.t.Context(), 30*time.Second)
	defer cancel()
	if err := p.b.Click(ctx, browsertest.CSS(css)); err != nil {
		p.t.Fatalf("clicking %s (%s): %v", css, p.b.Engine(), err)
	}
}

// popupURLs lists the open popups' addresses, for failure messages.
func (p *page) popupURLs() []string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ps, err := p.b.Popups(ctx)
	if err != nil {
		return []string{"(" + err.Error() + ")"}
	}
	var out []string
	for _, pp := range ps {
		u, err := pp.URL(ctx)
		if err != nil {
			u = "(" + err.Error() + ")"
		}
		out = append(out, u)
	}
	return out
}

// waitInPopup waits until the popup's document (after its navigation from
// about:blank) has an element matching sel.
// Evaluation errors while the popup navigates are retried.
func waitInPopup(popup browsertest.Page, sel string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		var found bool
		err := popup.Eval(ctx, `document.querySelector(`+jsonx.Quote(sel)+`) !== null`, &found)
		if err == nil && found {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s in the popup: %w (last: %v)", sel, ctx.Err(), err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// clickInPopup waits for sel in the popup and clicks it, a trusted click.
func clickInPopup(popup browsertest.Page, sel string) error {
	if err := waitInPopup(popup, sel); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return popup.Click(ctx, browsertest.CSS(sel))
}

// leakStats is IntegryJS.__testing.stats().
type leakStats struct {
	LiveFuncs  int `json:"liveFuncs"`
	Instances  int `json:"instances"`
	HeapAlloc  int `json:"heapAlloc"`
	Sys        int `json:"sys"`
	Goroutines int `json:"goroutines"`
}

// After 10,000 invokeFunction calls the live js.Func count, the goroutines
// and the Go heap are back where they started.
func TestNoLeakAfterTenThousandCalls(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the leak test makes 10,000 calls")
	}
	p := newPage(t)
	p.ok(`window.i = new IntegryJS(cfg("u-leak")), i.ready`, nil)
	const batch, total = 100, 10000
	calls := fmt.Sprintf(`(async () => {
	  for (let k = 0; k < %d; k += %d) {
	    const rs = await Promise.all(Array.from({length: %d}, (_, j) => i.invokeFunction("open-meteo-get-forecast", {city: "berlin", days: 1 + (k + j) %% 7})));
	    if (rs.some((r) => r.network_code !== "200")) throw new Error("a call failed");
	  }
	})()`, total/10, batch, batch)
	// Warm up (lazy tiers, caches, the first goroutines), then measure.
	p.ok(strings.Replace(calls, fmt.Sprint(total/10), "200", 1), nil)
	var before, after leakStats
	p.ok(`IntegryJS.__testing.stats()`, &before)
	start := time.Now()
	for r := 0; r < 10; r++ {
		p.ok(calls, nil)
	}
	took := time.Since(start)
	p.ok(`new Promise((r) => setTimeout(r, 200)).then(() => IntegryJS.__testing.stats())`, &after)
	t.Logf("%d invokeFunction calls in %v (%.0f/s); before: %+v; after: %+v", total, took, float64(total)/took.Seconds(), before, after)
	if after.LiveFuncs != before.LiveFuncs {
		t.Errorf("live js.Func count went from %d to %d", before.LiveFuncs, after.LiveFuncs)
	}
	if after.Goroutines > before.Goroutines {
		t.Errorf("goroutines went from %d to %d", before.Goroutines, after.Goroutines)
	}
	// The heap is measured after a GC; allow for allocator slack, not for
	// 10,000 of anything (a leak of even 100 bytes per call is 1 MB).
	if after.HeapAlloc > before.HeapAlloc+256<<10 {
		t.Errorf("Go heap went from %d to %d bytes", before.HeapAlloc, after.HeapAlloc)
	}
	// The wasm linear memory never shrinks, so the runtime's Sys may grow
	// during the first burst; a second burst of 5,000 must not grow it again.
	for r := 0; r < 5; r++ {
		p.ok(calls, nil)
	}
	var again leakStats
	p.ok(`new Promise((r) => setTimeout(r, 200)).then(() => IntegryJS.__testing.stats())`, &again)
	t.Logf("after 5,000 more: %+v", again)
	if again.Sys > after.Sys+1<<20 || again.LiveFuncs != before.LiveFuncs || again.HeapAlloc > before.HeapAlloc+256<<10 {
		t.Errorf("memory kept growing: after 10,000 calls %+v, after 5,000 more %+v", after, again)
	}
}

// A connectApp clicked before the wasm has arrived opens its popup in the
// loader, inside the click, and the Go side takes it over once loaded.
func TestLoaderConnectsBeforeTheWasmIsReady(t *testing.T) {
	p := newPage(t, sandbox.Fault{Path: "/t/integry.wasm", LatencyMS: 3000})
	var loaded bool
	p.ok(`window.connector = earlyInstance, window.connectApp = "slack", typeof __integryWasm !== "undefined"`, &loaded)
	if loaded {
		t.Fatal("the wasm was there before the click; the test proves nothing")
	}
	popup := p.clickConnect()
	if err := clickInPopup(popup, `button[value=allow]`); err != nil {
		t.Fatalf("allowing in the popup: %v", err)
	}
	var id string
	p.ok(`window.pending`, &id)
	if id == "" {
		t.Error("connectApp resolved no account ID")
	}
	p.ok(`typeof __integryWasm !== "undefined"`, &loaded)
	if !loaded {
		t.Error("the wasm is still not loaded")
	}
}

// A failed load rejects the waiting calls with a coded error, tells the
// error handlers registered before, and is retried by the next use.
func TestLoaderRetriesAfterAFailedLoad(t *testing.T) {
	p := newPage(t, sandbox.Fault{ID: 0, Path: "/t/integry.wasm", Status: 503})
	e := p.rejects(`window.earlyCall`, "network_error")
	if !strings.Contains(e.Message, "503") {
		t.Errorf("the load error %q does not say what failed", e.Message)
	}
	p.rejects(`earlyInstance.ready`, "network_error")
	var got []string
	p.ok(`(async () => {
	  const i = new IntegryJS(cfg("u-other"));
	  const seen = [];
	  i.eventEmitter.on("error", (e) => seen.push(e.code));
	  await i.ready.catch(() => {});
	  return seen;
	})()`, &got)
	if strings.Join(got, ",") != "network_error" {
		t.Errorf("error events before the wasm loaded: %v, want [network_error]", got)
	}
	p.sb.Server.ResetFaults()
	var ready map[string]bool
	p.ok(`new IntegryJS(cfg("u-other")).ready`, &ready)
	if !ready["isReady"] {
		t.Errorf("after the fault was lifted, ready = %v", ready)
	}
}

// The script tag may point at the wasm elsewhere; a strict CSP works with
// 'wasm-unsafe-eval' (as the README says) and fails, coded, without it.
func TestLoaderWasmURLAndCSP(t *testing.T) {
	p := newPageWith(t, pageOptions{
		ScriptAttrs: ` data-wasm-url="/t2/integry.wasm"`,
		CSP:         `script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'`,
	})
	var fetched []string
	p.ok(`earlyInstance.ready.then(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname).filter((n) => n.endsWith(".wasm")))`, &fetched)
	if strings.Join(fetched, ",") != "/t2/integry.wasm" {
		t.Errorf("wasm fetched from %v, want only /t2/integry.wasm (data-wasm-url)", fetched)
	}

	strict := newPageWith(t, pageOptions{CSP: `script-src 'self' 'unsafe-inline'`})
	e := strict.rejects(`earlyInstance.ready`, "internal")
	if !strings.Contains(e.Message, "wasm-unsafe-eval") {
		t.Errorf("the CSP failure %q does not name 'wasm-unsafe-eval'", e.Message)
	}
}

// popupCloses reports whether no page but the test page is left before
// the deadline every popup wait here has (30 s): a browser under load
// can take seconds to tear a closed popup's page down.
func (p *page) popupCloses() bool {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.t.Context(), 30*time.Second)
	defer cancel()
	for {
		ps, err := p.b.Popups(ctx)
		if err == nil && len(ps) == 0 {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// TestRuntimeDeathIsRecovered kills the Go runtime on purpose while a call
// is pending, a modal form is open and a connect popup is open: every
// pending promise rejects internal, every instance emits error, the modal
// and the popup close, and the next call starts a fresh runtime that
// re-creates the instance from its config.
func TestRuntimeDeathIsRecovered(t *testing.T) {
	p := newPage(t)
	p.ok(`window.i = new IntegryJS(cfg("u-methods")), window.j = new IntegryJS(cfg("u-other")), Promise.all([i.ready, j.ready])`, nil)
	p.sb.AddFault(t, faultSlowCall())
	p.ok(`window.connector = j, window.connectApp = "slack", null`, nil)
	popup := p.clickConnect()
	if err := waitInPopup(popup, `button[value=allow]`); err != nil {
		t.Fatal(err)
	}
	p.ok(`(() => {
	  window.deaths = [];
	  i.eventEmitter.on("error", (e) => deaths.push("i:" + e.code));
	  j.eventEmitter.on("error", (e) => deaths.push("j:" + e.code));
	  window.slow = i.invokeFunction("open-meteo-get-forecast", {city: "berlin"}).then(() => "resolved", (e) => e.code);
	  window.form = i.showFunctionUI("open-meteo-get-forecast").then(() => "resolved", (e) => e.code);
	  return true;
	})()`, nil)
	var shown bool
	p.ok(`new Promise((r) => { const t = setInterval(() => { if (document.querySelector(".integry-modal")) { clearInterval(t); r(true); } }, 20); })`, &shown)

	p.ok(`IntegryJS.__testing.kill(), true`, nil)
	var got struct {
		Slow    string   `json:"slow"`
		Form    string   `json:"form"`
		Connect string   `json:"connect"`
		Deaths  []string `json:"deaths"`
		Modal   bool     `json:"modal"`
		Loaded  bool     `json:"loaded"`
	}
	p.ok(`(async () => ({
	  slow: await slow, form: await form, connect: await window.pending.then(() => "resolved", (e) => e.code),
	  deaths: window.deaths, modal: !!document.querySelector(".integry-modal, .integry-root"),
	  loaded: typeof __integryWasm !== "undefined",
	}))()`, &got)
	if got.Slow != "internal" || got.Form != "internal" || got.Connect != "internal" || got.Modal || got.Loaded {
		t.Errorf("after the runtime died: %+v, want every pending call rejected internal, no modal, no API object", got)
	}
	if strings.Join(got.Deaths, ",") != "i:internal,j:internal" {
		t.Errorf("error events %v, want one per instance", got.Deaths)
	}
	if !p.popupCloses() {
		t.Error("the connect popup is still open")
	}

	// The next call starts a fresh runtime and re-creates the instance.
	p.sb.ResetFaults(t)
	var connected bool
	p.ok(`i.isAppConnected("slack")`, &connected)
	var after struct {
		Instances int  `json:"instances"`
		Result    bool `json:"result"`
	}
	p.ok(`j.getApp("slack").then((a) => ({instances: IntegryJS.__testing.stats().instances, result: a.name === "slack"}))`, &after)
	if after.Instances != 2 || !after.Result {
		t.Errorf("after recovery: %+v, want both instances back", after)
	}
}

// TestAbortSignalEndsWidgets: a widget rendered with {signal} is removed,
// with its listeners, when the signal fires; a pending form rejects
// cancelled; an already aborted signal rejects at once.
func TestAbortSignalEndsWidgets(t *testing.T) {
	p := newPage(t)
	p.ok(`window.i = new IntegryJS(cfg("u-other")), i.ready`, nil)
	var got struct {
		Before  int    `json:"before"`
		Shown   bool   `json:"shown"`
		During  int    `json:"during"`
		After   int    `json:"after"`
		Gone    bool   `json:"gone"`
		Form    string `json:"form"`
		Already string `json:"already"`
	}
	p.ok(`(async () => {
	  const box = document.createElement("div"); box.id = "apps-box"; document.body.appendChild(box);
	  const live = () => IntegryJS.__testing.stats().liveFuncs;
	  const before = live();
	  const ac = new AbortController();
	  await i.showApps({renderMode: "INLINE", containerId: "apps-box", signal: ac.signal});
	  const shown = !!box.querySelector(".integry-apps"), during = live();
	  const fc = new AbortController();
	  const form = i.showFunction("slack-post-message", {signal: fc.signal}, "MODAL").then(() => "resolved", (e) => e.code);
	  await new Promise((r) => { const t = setInterval(() => { if (document.querySelector(".integry-modal")) { clearInterval(t); r(); } }, 20); });
	  ac.abort(); fc.abort();
	  await new Promise((r) => setTimeout(r, 300));
	  const already = await i.showApps({signal: AbortSignal.abort()}).then(() => "resolved", (e) => e.code);
	  return {before, shown, during, after: live(), gone: !document.querySelector(".integry-root"), form: await form, already};
	})()`, &got)
	if !got.Shown || got.During <= got.Before {
		t.Errorf("the marketplace was not shown with its listeners: %+v", got)
	}
	if got.After != got.Before || !got.Gone || got.Form != "cancelled" || got.Already != "cancelled" {
		t.Errorf("after abort: %+v, want the live callbacks back to %d, no widget left, the form cancelled", got, got.Before)
	}
}
