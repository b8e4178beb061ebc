package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/integry-go/integry/internal/jsonx"
)

// Engine names a browser engine the cross-engine suites run in.
type Engine string

// The engines: Chromium through chromedp (CDP), Firefox ESR through
// WebDriver BiDi, WebKitGTK's MiniBrowser through WebKitWebDriver (classic
// WebDriver). docs/browsers.md lists the versions tested.
const (
	Chromium Engine = "chromium"
	Firefox  Engine = "firefox"
	WebKit   Engine = "webkit"
)

// CurrentEngine is the engine the cross-engine suites run in: the
// INTEGRY_ENGINE environment variable (`make test-firefox` and
// `make test-webkit` set it), Chromium when unset.
func CurrentEngine() Engine {
	switch e := Engine(strings.ToLower(os.Getenv("INTEGRY_ENGINE"))); e {
	case "", Chromium:
		return Chromium
	default:
		return e
	}
}

// ChromiumOnly skips a test that drives Chromium's DevTools protocol when
// the suites run in another engine: the deep suites run once, in Chromium.
func ChromiumOnly(t testing.TB) {
	t.Helper()
	if e := CurrentEngine(); e != Chromium {
		t.Skipf("Chromium-only suite; INTEGRY_ENGINE=%s runs the cross-engine ones", e)
	}
}

// EngineIndependent skips a test that opens no browser when the suites run
// in an engine other than Chromium: it runs once, in the Chromium run.
func EngineIndependent(t testing.TB) {
	t.Helper()
	if e := CurrentEngine(); e != Chromium {
		t.Skipf("opens no browser; runs once, with INTEGRY_ENGINE=chromium (now %s)", e)
	}
}

// keySteps are the WebDriver key actions for keys (see [Page.Keys]).
func keySteps(keys string) []map[string]any {
	var steps []map[string]any
	shift := false
	for _, r := range keys {
		if string(r) == KeyShift {
			if !shift {
				steps = append(steps, map[string]any{"type": "keyDown", "value": KeyShift})
				shift = true
			}
			continue
		}
		steps = append(steps, map[string]any{"type": "keyDown", "value": string(r)}, map[string]any{"type": "keyUp", "value": string(r)})
	}
	if shift {
		steps = append(steps, map[string]any{"type": "keyUp", "value": KeyShift})
	}
	return steps
}

// Special keys for [Page.Keys], as WebDriver names them.
const (
	KeyTab    = "\uE004"
	KeyEnter  = "\uE007"
	KeyEscape = "\uE00C"
	KeyShift  = "\uE008"
	KeyDown   = "\uE015"
	KeyUp     = "\uE013"
	KeySpace  = " "
)

// Page is one top-level window (the test's tab, or a popup it opened)
// driven the same way in every engine.
type Page interface {
	// Navigate loads url and waits for its load event.
	Navigate(ctx context.Context, url string) error
	// Eval evaluates a JavaScript expression, awaits it if it is a
	// promise, and decodes its value (through JSON.stringify) into out;
	// nil out ignores it. A thrown error or rejection is returned.
	Eval(ctx context.Context, expr string, out any) error
	// Click scrolls the element that the JavaScript expression el gives
	// (see [CSS]; shadow roots are fine) into view and clicks its centre
	// with the engine's input machinery: a trusted click that gives the
	// page user activation (so window.open is allowed).
	Click(ctx context.Context, el string) error
	// Keys presses and releases each key of keys in turn, in the focused
	// element (KeyTab and the others for special keys). KeyShift is held
	// from where it appears to the end of keys: KeyShift+KeyTab is
	// Shift+Tab.
	Keys(ctx context.Context, keys string) error
	// URL is the address of the window's document.
	URL(ctx context.Context) (string, error)
	// Close closes the window.
	Close(ctx context.Context) error
}

// Browser is a fresh browser with its own profile, on one page.
type Browser interface {
	Page
	// Engine is the engine it runs.
	Engine() Engine
	// Popups are the top-level windows other than the test's page, the
	// oldest first.
	Popups(ctx context.Context) ([]Page, error)
	// Errors are the page errors (uncaught exceptions, unhandled
	// rejections) and console.error calls seen so far, in any window, each
	// as one line.
	Errors() []string
}

// EngineAvailable reports whether e is installed (`make test-firefox` and
// `make test-webkit` install them).
func EngineAvailable(e Engine) bool {
	switch e {
	case Chromium:
		return Available()
	case Firefox:
		return firefoxAvailable()
	case WebKit:
		return webkitAvailable()
	}
	return false
}

// Open starts the current engine's browser (see [CurrentEngine]) with a
// fresh profile, closed when the test ends. Without the engine installed
// the test skips, or fails under INTEGRY_REQUIRE_BROWSER=1.
func Open(t testing.TB, o Options) Browser {
	t.Helper()
	e := CurrentEngine()
	if !EngineAvailable(e) {
		if os.Getenv("INTEGRY_REQUIRE_BROWSER") == "1" {
			t.Fatalf("%s is not installed (make test-%s installs it)", e, e)
		}
		t.Skipf("%s is not installed; make test-%s installs it", e, e)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	var b Browser
	var err error
	switch e {
	case Chromium:
		b, err = openChromium(t, o)
	case Firefox:
		b, err = openFirefox(ctx, t, o)
	case WebKit:
		b, err = openWebKit(ctx, t, o)
	default:
		err = fmt.Errorf("unknown engine %q (INTEGRY_ENGINE is chromium, firefox or webkit)", e)
	}
	if err != nil {
		t.Fatalf("starting %s: %v", e, err)
	}
	return b
}

// evalScript wraps expr so that it is awaited and its value comes back as
// JSON text (the string "null" for undefined).
func evalScript(expr string) string {
	return "(async () => { const v = await (\n" + expr + "\n); return v === undefined ? \"null\" : JSON.stringify(v); })()"
}

// decode unmarshals the JSON text an evalScript produced into out.
func decode(text string, out any) error {
	if out == nil {
		return nil
	}
	return json.Unmarshal([]byte(text), out)
}

// CSS is the JavaScript expression for the first element matching a CSS
// selector, for [Page.Click].
func CSS(selector string) string {
	return "document.querySelector(" + jsonx.Quote(selector) + ")"
}

// centerScript scrolls the element el (an expression) into view and
// returns its centre in viewport pixels, or throws when there is none.
func centerScript(el string) string {
	return `(() => {
	  const el = (` + el + `);
	  if (!el) throw new Error("no element: " + ` + jsonx.Quote(el) + `);
	  el.scrollIntoView({block: "center", inline: "center"});
	  const r = el.getBoundingClientRect();
	  return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];
	})()`
}

// ErrorCollector is a script that records a document's errors (uncaught
// exceptions, unhandled rejections, failed subresources and console.error
// calls) in window.__integryErrors. Engines whose driver has no log events
// (WebKit's classic WebDriver) read their Errors from it: page servers put
// it first in the <head> of the HTML they serve (see [InjectErrorCollector]),
// and the WebKit driver adds it after each navigation as well.
const ErrorCollector = `(() => {
  if (window.__integryErrors) return;
  const errs = window.__integryErrors = [];
  const text = (x) => x && x.message ? x.message : String(x);
  addEventListener("error", (e) => {
    if (e.target && e.target !== window) errs.push("failed to load " + (e.target.src || e.target.href || e.target.tagName));
    else errs.push("uncaught " + text(e.error || e.message) + (e.filename ? " (" + e.filename + ":" + e.lineno + ")" : ""));
  }, true);
  addEventListener("unhandledrejection", (e) => errs.push("unhandled rejection " + text(e.reason)));
  const orig = console.error;
  console.error = function (...args) { errs.push("console.error " + args.map(text).join(" ")); return orig.apply(this, args); };
})();`

// InjectErrorCollector returns html with [ErrorCollector] as the first
// script of the document, for engines that need it (others unchanged).
func InjectErrorCollector(html []byte) []byte {
	if CurrentEngine() != WebKit {
		return html
	}
	tag := []byte("<script>" + ErrorCollector + "</script>")
	s := string(html)
	lower := strings.ToLower(s)
	if i := strings.Index(lower, "<head>"); i >= 0 {
		return []byte(s[:i+6] + string(tag) + s[i+6:])
	}
	if i := strings.Index(lower, "<html"); i >= 0 {
		if j := strings.Index(s[i:], ">"); j >= 0 {
			return []byte(s[:i+j+1] + string(tag) + s[i+j+1:])
		}
	}
	return append(tag, html...)
}
