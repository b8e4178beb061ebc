//go:build !js

package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/integry-go/integry/internal/browsertest"
	"github.com/integry-go/integry/internal/contract"
)

// Page tests: the harness (ui/internal/harness, built for js/wasm) renders
// the widgets in headless Chromium from built-in data; axe-core, the
// payload catalog and the connect click are checked there. Like the
// end-to-end tests (sandbox_test.go) they run one at a time: each starts
// its own Chromium.

var (
	harnessOnce   sync.Once
	harnessDir    string
	harnessGOROOT string // of the go that built the harness
	harnessErr    error
)

// harnessServer builds the harness once per test binary with the go on
// PATH and serves it with wasm_exec.js from that go's GOROOT and axe-core
// from web/node_modules.
func harnessServer(t *testing.T) string {
	t.Helper()
	harnessOnce.Do(func() {
		out, err := exec.Command("go", "env", "GOROOT").Output()
		if err != nil {
			harnessErr = fmt.Errorf("go env GOROOT: %v", err)
			return
		}
		harnessGOROOT = strings.TrimSpace(string(out))
		harnessDir, harnessErr = os.MkdirTemp("", "integry-ui-harness")
		if harnessErr != nil {
			return
		}
		cmd := exec.Command(filepath.Join(harnessGOROOT, "bin", "go"), "build", "-o", filepath.Join(harnessDir, "harness.wasm"), "./internal/harness")
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		if out, err := cmd.CombinedOutput(); err != nil {
			harnessErr = fmt.Errorf("building the harness: %v\n%s", err, out)
		}
	})
	if harnessErr != nil {
		t.Fatal(harnessErr)
	}
	axe, err := filepath.Abs(axeFile)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>integry ui harness</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{margin:0;font:16px serif;background:Canvas;color:CanvasText} main{padding:24px}
/* a hostile host stylesheet: the widgets must not be bent by it, nor bend it */
button{background:hotpink} .title{color:red}</style>
<meta name="color-scheme" content="light dark"></head>
<body><main><h1>Host page</h1><button id="opener">Open</button><div id="container"></div></main>
<script src="/wasm_exec.js"></script>
<script type="module">
// The harness drives the widgets directly, with the loader's renderer as its
// DOM host (web/loader/renderer.mjs) and the loader's half of the ABI
// (web/loader/abi.mjs), as the bundle does.
import { createRenderer } from "/renderer.mjs";
import { createBridge, integryImports } from "/abi.mjs";
const go = new Go();
const bridge = createBridge((err) => console.error("integry harness: the runtime died", err), (ops) => dom.apply(ops));
const host = {
  ...bridge.host, later: (id, ms) => dom.later(id, ms), message: (id, on) => dom.message(id, on),
  popup: () => window.open("about:blank", "integry-connect", "popup,width=800,height=600"),
};
go.importObject.integry = integryImports(host); // as the loader does
const r = await WebAssembly.instantiateStreaming(fetch("/harness.wasm"), go.importObject);
bridge.attach(r.instance, go);
go.run(r.instance);
const api = globalThis.__integryWasm;
const dom = createRenderer(bridge.dispatch, bridge.flush);
api.init(host);
bridge.call(0, 0, 0, false, []); // "start": its host is ready
</script>
</body></html>`)
	})
	mux.HandleFunc("/wasm_exec.js", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, filepath.Join(harnessGOROOT, "lib", "wasm", "wasm_exec.js"))
	})
	mux.HandleFunc("/renderer.mjs", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		http.ServeFile(w, r, filepath.Join("..", "web", "loader", "renderer.mjs"))
	})
	mux.HandleFunc("/abi.mjs", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		http.ServeFile(w, r, filepath.Join("..", "web", "loader", "abi.mjs"))
	})
	mux.HandleFunc("/contract.mjs", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		io.WriteString(w, contract.JS(nil)) // what web/loader/build.sh puts before the renderer
	})
	mux.HandleFunc("/harness.wasm", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, filepath.Join(harnessDir, "harness.wasm"))
	})
	mux.HandleFunc("/axe.min.js", func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, axe) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

func open(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(`body[data-ready="1"]`)); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// clickAt clicks the centre of the element sel with a real mouse event (a
// user gesture). chromedp.Click never returned on the modal's close
// button in Chromium 156, so every test clicks this way.
func clickAt(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	// Wait until the element is enabled and is what a click at its centre
	// would hit (layout settled), then click there.
	js := `(() => { const e = document.querySelector(` + "`" + sel + "`" + `); if (!e || e.disabled) return false;
		e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect(); if (r.width === 0) return false;
		const x = r.x + r.width / 2, y = r.y + r.height / 2, hit = document.elementFromPoint(x, y);
		return hit && (hit === e || e.contains(hit)) ? [x, y] : false })()`
	var xy []float64
	var err error
	for try := 0; try < 5; try++ { // a navigation destroys the poll's context: poll again
		if xy, err = chromedp.Run(ctx, chromedp.Poll[[]float64](js)); err == nil {
			break
		}
	}
	if err != nil || len(xy) != 2 {
		t.Fatalf("waiting to click %s: %v", sel, err)
	}
	if err := chromedp.Do(ctx, chromedp.MouseClickXY(xy[0], xy[1])); err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
}

// until waits for a JavaScript condition to become true (chromedp's poll,
// 30 s cap against hangs; the outcome never depends on the time).
func until(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr)); err != nil {
		t.Fatalf("waiting for %s: %v", expr, err)
	}
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

// axeCheck runs axe-core's WCAG 2.x A/AA rules on the page and fails on any
// serious or critical violation.
func axeCheck(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	for _, v := range axeRun(t, ctx, ".integry-root") {
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Errorf("%s: axe %s (%s): %s at %v", what, v.ID, v.Impact, v.Help, v.Nodes)
		}
	}
}

// axeFile is axe-core, installed by make setup (npm).
var axeFile = filepath.Join("..", "web", "node_modules", "axe-core", "axe.min.js")

func axeRun(t *testing.T, ctx context.Context, selector string) []axeViolation {
	t.Helper()
	if _, err := os.Stat(axeFile); err != nil {
		t.Fatalf("axe-core is not installed (%v): run make setup (or make npm)", err)
	}
	js := `(async () => {
		if (!window.axe) { await new Promise((ok, ko) => { const s = document.createElement("script"); s.src = "/axe.min.js"; s.onload = ok; s.onerror = ko; document.head.append(s); }); }
		const r = await axe.run(document.querySelector(` + "`" + selector + "`" + `), {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}});
		return JSON.stringify(r.violations);
	})()`
	var vs []axeViolation
	if err := json.Unmarshal([]byte(eval[string](t, ctx, js)), &vs); err != nil {
		t.Fatal(err)
	}
	return vs
}

func TestPageAxeNoSeriousViolations(t *testing.T) {
	base := harnessServer(t)
	for _, dark := range []bool{false, true} {
		theme := map[bool]string{false: "light", true: "dark"}[dark]
		t.Run(theme, func(t *testing.T) {
			ctx := browsertest.New(t, browsertest.Options{DarkMode: dark})
			open(t, ctx, base+"/?view=apps")
			if got := eval[bool](t, ctx, `matchMedia("(prefers-color-scheme: dark)").matches`); got != dark {
				t.Fatalf("prefers-color-scheme dark = %v", got)
			}
			axeCheck(t, ctx, "marketplace")
			// The check can fail: an unlabelled input is a critical violation.
			eval[bool](t, ctx, `(() => { const d = document.createElement("div"); d.id = "axe-control"; d.append(document.createElement("input")); document.body.append(d); return true; })()`)
			if vs := axeRun(t, ctx, "#axe-control"); len(vs) == 0 || vs[0].ID != "label" {
				t.Fatalf("axe did not flag an unlabelled input: %+v", vs)
			}
			open(t, ctx, base+"/?view=apps&layout=narrow")
			axeCheck(t, ctx, "narrow marketplace")
			open(t, ctx, base+"/?view=form")
			axeCheck(t, ctx, "form modal")
			// The dynamic dropdown, open, with its options and one chosen.
			until(t, ctx, `document.querySelectorAll("#"+document.querySelector("input[data-field=owner]").getAttribute("aria-controls")+" [role=option]").length === 20`)
			clickAt(t, ctx, `input[data-field=owner]`)
			until(t, ctx, `document.querySelector("input[data-field=owner]").getAttribute("aria-expanded") === "true"`)
			if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
				t.Fatal(err)
			}
			axeCheck(t, ctx, "open dropdown")
			// The same form after a failed submit: errors tied to inputs.
			open(t, ctx, base+"/?view=inline")
			clickAt(t, ctx, `.integry-submit`)
			until(t, ctx, `document.querySelector(".integry-summary").textContent !== ""`)
			axeCheck(t, ctx, "inline form with errors")
		})
	}
}

// Every server string (titles, labels, help, options, placeholders, app
// and account names, icon URLs) carries a script payload; none runs and
// none becomes an element.
func TestPageScriptPayloadsStayText(t *testing.T) {
	base := harnessServer(t)
	ctx := browsertest.New(t, browsertest.Options{})
	for _, view := range []string{"evil", "apps"} {
		open(t, ctx, base+"/?view="+view)
		if view == "apps" { // the payload app is on the second page, which scrolling brings
			until(t, ctx, `(() => { const m = document.querySelector(".integry-modal"); if (m) m.scrollTop = m.scrollHeight;
				return !!document.querySelector("[data-app=evil]"); })()`)
		}
		got := eval[string](t, ctx, `JSON.stringify({
			pwned: window.__pwned === undefined ? "no" : "yes",
			markup: document.querySelectorAll(".integry-root script, .integry-root b, .integry-root img[src=x], .integry-root img[src^=javascript]").length,
			shown: document.querySelector(".integry-root").textContent.includes("<script>window.__pwned=1</script>")})`)
		if got != `{"pwned":"no","markup":0,"shown":true}` {
			t.Errorf("%s: %s", view, got)
		}
	}
}

// The popup opens inside the click on "Connect Acme", with Chromium's popup
// blocker on; then the form is submittable.
func TestPageConnectFromFormInTheClick(t *testing.T) {
	base := harnessServer(t)
	ctx := browsertest.New(t, browsertest.Options{BlockPopups: true})
	open(t, ctx, base+"/?view=form-connect")
	// Outside a click window.open is blocked here, so what follows means something.
	if got := eval[bool](t, ctx, `window.open("about:blank") === null`); !got {
		t.Fatal("popups are not blocked in this browser; the test proves nothing")
	}
	if eval[bool](t, ctx, `document.querySelector(".integry-submit").disabled`) != true {
		t.Fatal("submit is enabled before the app is connected")
	}
	clickAt(t, ctx, `.integry-connect`)
	until(t, ctx, `!!document.body.dataset.popup`)
	if got := eval[string](t, ctx, `document.body.dataset.popup`); got != "opened" {
		t.Fatalf("popup %s, want opened inside the click", got)
	}
	until(t, ctx, `!document.querySelector(".integry-banner")`)
	if eval[bool](t, ctx, `document.querySelector(".integry-submit").disabled`) {
		t.Fatal("submit still disabled after connecting")
	}
}

// Keyboard only: Escape rejects cancelled, emits modal-closed, and the
// focus returns to the opener.
func TestPageKeyboardEscape(t *testing.T) {
	base := harnessServer(t)
	ctx := browsertest.New(t, browsertest.Options{})
	open(t, ctx, base+"/?view=form")
	if got := eval[string](t, ctx, `document.activeElement.name`); got != "zeta_title" {
		t.Fatalf("focus on %q, want the first field", got)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\u001b")); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, `!!document.body.dataset.error`)
	got := eval[string](t, ctx, `document.body.dataset.error + " " + document.body.dataset.closed + " " + document.querySelectorAll(".integry-root").length`)
	if got != "cancelled 1 0" {
		t.Fatalf("after Escape: %s (want cancelled, modal-closed, no modal)", got)
	}
}

func TestPageSubmitTyped(t *testing.T) {
	base := harnessServer(t)
	ctx := browsertest.New(t, browsertest.Options{})
	open(t, ctx, base+"/?view=form")
	err := chromedp.Do(ctx,
		chromedp.SendKeys(`textarea[name=body]`, "It smokes"),
		chromedp.SetValue(`select[name=channel]`, "C02"))
	if err != nil {
		t.Fatal(err)
	}
	eval[bool](t, ctx, `document.querySelector("select[name=channel]").dispatchEvent(new Event("input", {bubbles: true}))`)
	err = chromedp.Do(ctx,
		chromedp.SendKeys(`input[name=city]`, "Lyon"))
	if err != nil {
		t.Fatal(err)
	}
	clickAt(t, ctx, `.integry-submit`)
	until(t, ctx, `!!document.body.dataset.result`)
	got := eval[string](t, ctx, `document.body.dataset.result`)
	want := `{"zeta_title":"Printer on fire","body":"It smokes","channel":"C02","priority":2,"estimate":1.5,"urgent":false,"watchers":[1,2],"address":{"city":"Lyon"}}`
	if got != want {
		t.Fatalf("resolved %s\nwant     %s", got, want)
	}
}

// A goroutine of the widgets that panics (here the Owner dropdown's first
// page) does not end the Go program: the panic is the instance's "error"
// event and a console error, the dropdown shows it, and the form still
// submits, which needs Go.
func TestPageGoesOnAfterAPanic(t *testing.T) {
	base := harnessServer(t)
	ctx := browsertest.New(t, browsertest.Options{})
	var consoleMu sync.Mutex
	var console []string
	err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*cdpruntime.EventConsoleAPICalled); ok && e.Type == cdpruntime.ConsoleAPICalledTypeError {
			consoleMu.Lock()
			defer consoleMu.Unlock()
			for _, a := range e.Args {
				console = append(console, string(a.Value))
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	open(t, ctx, base+"/?view=form&panic=source")
	until(t, ctx, `!!document.body.dataset.errors`)
	if got := eval[string](t, ctx, `document.body.dataset.errors`); got != "internal error in a dropdown's options: the harness's panic" {
		t.Errorf("error event %q", got)
	}
	until(t, ctx, `[...document.querySelectorAll(".integry-combo-status")].some(e => e.textContent.includes("internal error"))`)
	consoleMu.Lock()
	logged := strings.Join(console, "\n")
	consoleMu.Unlock()
	if !strings.Contains(logged, "integry: internal error in a dropdown's options: the harness's panic") {
		t.Errorf("console errors: %s", logged)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(`textarea[name=body]`, "Still here"),
		chromedp.SetValue(`select[name=channel]`, "C02"))
	if err != nil {
		t.Fatal(err)
	}
	eval[bool](t, ctx, `document.querySelector("select[name=channel]").dispatchEvent(new Event("input", {bubbles: true}))`)
	if err := chromedp.Do(ctx, chromedp.SendKeys(`input[name=city]`, "Lyon")); err != nil {
		t.Fatal(err)
	}
	clickAt(t, ctx, `.integry-submit`)
	until(t, ctx, `!!document.body.dataset.result || document.querySelector(".integry-summary")?.textContent`)
	if s := eval[string](t, ctx, `document.querySelector(".integry-summary")?.textContent || ""`); s != "" {
		t.Fatalf("submit refused: %s", s)
	}
	if got := eval[string](t, ctx, `document.body.dataset.result`); !strings.Contains(got, `"body":"Still here"`) {
		t.Fatalf("resolved %s", got)
	}
}
