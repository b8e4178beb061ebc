//go:build !js

package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/integry-go/integry/internal/browsertest"
	"github.com/integry-go/integry/internal/jsonx"

	"github.com/integry-go/integry/sandbox/sandboxtest"
)

// exampleSandbox is the sandbox address written in the example pages (the
// default of `make demo`); the page server swaps it for the test's sandbox.
const exampleSandbox = "http://127.0.0.1:8080"

var (
	repoRoot string // the module root, two levels up
	tmpRoot  string // removed when the tests end

)

func TestMain(m *testing.M) {
	var err error
	if repoRoot, err = filepath.Abs(filepath.Join("..", "..")); err == nil {
		_, err = os.Stat(filepath.Join(repoRoot, "go.mod"))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: cannot find the module root:", err)
		os.Exit(2)
	}
	if tmpRoot, err = os.MkdirTemp("", "integry-e2e-"); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(tmpRoot)
	os.Exit(code)
}

// bundle builds the SDK bundle from source once per test binary, as
// `make wasm` would (integry.wasm with its data segments merged and
// precompressed as .br and .gz, wasm_exec.js from this Go's GOROOT, and the
// loaders integry.js and loader.mjs from web/loader/build.sh), so the tests
// never depend on a stale web/dist and run the bundle as it ships. It fails the test
// with the build output when the bundle cannot be built.
func bundle(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end browser test; skipped with -short")
	}
	return browsertest.Bundle(t)
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

// env is one test's world: a sandbox on one origin, a page server on
// another, and a browser with the popup blocker on, in the engine
// INTEGRY_ENGINE names (internal/browsertest.Open; docs/browsers.md).
type env struct {
	t       *testing.T
	sb      *sandboxtest.Sandbox
	pages   *http.ServeMux
	pageURL string // the page server's origin
	b       browsertest.Browser
	mu      sync.Mutex
	head    []string // scripts put first in every HTML page served
}

// newEnv starts the page server, then the sandbox with the page server's
// origin allowed (and opts), then the browser. Mount pages with env.mount.
func newEnv(t *testing.T, opts ...sandboxtest.Option) *env {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end browser test; skipped with -short")
	}
	e := &env{t: t, pages: http.NewServeMux()}
	srv := httptest.NewServer(e.pages)
	t.Cleanup(srv.Close)
	e.pageURL = srv.URL
	e.sb = sandboxtest.New(t, append([]sandboxtest.Option{sandboxtest.WithAllowOrigins(srv.URL), sandboxtest.WithSampleData()}, opts...)...)
	e.b = browsertest.Open(t, browsertest.Options{BlockPopups: true})
	return e
}

// chrome returns the chromedp context of a Chromium-only test (one that
// called browsertest.ChromiumOnly first).
func (e *env) chrome() context.Context {
	e.t.Helper()
	ctx, ok := browsertest.ChromeContext(e.b)
	if !ok {
		e.t.Fatalf("a Chromium-only step in %s", e.b.Engine())
	}
	return ctx
}

// addHeadScript puts js first in the <head> of every HTML page served from
// now on, before the page's own scripts (what Chromium's
// Page.addScriptToEvaluateOnNewDocument does, in every engine).
func (e *env) addHeadScript(js string) {
	e.mu.Lock()
	e.head = append(e.head, js)
	e.mu.Unlock()
}

// mount serves fsys under prefix on the page origin. HTML and JS files have
// the examples' sandbox address replaced by this test's sandbox; HTML pages
// get the head scripts, and the engine's error collector when it needs one.
func (e *env) mount(prefix string, fsys fs.FS) {
	e.pages.Handle(prefix, http.StripPrefix(strings.TrimSuffix(prefix, "/"), e.rewriting(fsys, exampleSandbox, e.sb.URL)))
}

// rewriting serves fsys like http.FileServerFS, replacing from with to in
// .html and .js files (nothing when from is empty), and putting the head
// scripts (and the engine's error collector) first in HTML pages.
func (e *env) rewriting(fsys fs.FS, from, to string) http.Handler {
	files := http.FileServerFS(fsys)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if name == "" || strings.HasSuffix(r.URL.Path, "/") {
			name = path.Join(name, "index.html")
		}
		ext := path.Ext(name)
		if ext != ".html" && ext != ".js" && ext != ".mjs" {
			files.ServeHTTP(w, r)
			return
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			files.ServeHTTP(w, r) // its 404 or redirect
			return
		}
		if from != "" {
			b = bytes.ReplaceAll(b, []byte(from), []byte(to))
		}
		if ext == ".html" {
			e.mu.Lock()
			for i := len(e.head) - 1; i >= 0; i-- {
				b = injectHead(b, "<script>"+e.head[i]+"</script>")
			}
			e.mu.Unlock()
			b = browsertest.InjectErrorCollector(b)
		}
		w.Header().Set("Content-Type", mime.TypeByExtension(ext))
		w.Header().Set("Cache-Control", "no-store")
		io.Copy(w, bytes.NewReader(b))
	})
}

// injectHead puts tag right after <head>.
func injectHead(html []byte, tag string) []byte {
	i := bytes.Index(bytes.ToLower(html), []byte("<head>"))
	if i < 0 {
		return append([]byte(tag), html...)
	}
	return slices.Concat(html[:i+6], []byte(tag), html[i+6:])
}

// selector is a JavaScript expression for one element (or null).
type selector string

// css selects the first element matching a CSS selector.
func css(sel string) selector {
	return selector("document.querySelector(" + jsonx.Quote(sel) + ")")
}

// shadow selects the first node matching sel in host's shadow root.
func shadow(host, sel string) selector {
	return selector(fmt.Sprintf(`document.querySelector(%s)?.shadowRoot?.querySelector(%s)`, jsonx.Quote(host), jsonx.Quote(sel)))
}

// A step is one thing a test does in the page, the same in every engine.
type step func(ctx context.Context, e *env) error

// navigate opens url.
func navigate(url string) step {
	return func(ctx context.Context, e *env) error { return e.b.Navigate(ctx, url) }
}

// waitFor polls cond (a JavaScript boolean expression) until it holds.
// Each poll waits in the page for up to a second, so that a step costs few
// round trips; an evaluation that fails (the page is navigating) is retried.
func waitFor(what, cond string) step {
	js := `new Promise((resolve) => {
	  const end = Date.now() + 1000;
	  const poll = () => { let ok = false; try { ok = !!(` + cond + `); } catch (e) {}
	    if (ok) resolve(true); else if (Date.now() > end) resolve(false); else setTimeout(poll, 20); };
	  poll();
	})`
	return func(ctx context.Context, e *env) error {
		var last error
		for {
			var ok bool
			last = e.b.Eval(ctx, js, &ok)
			if last == nil && ok {
				return nil
			}
			if ctx.Err() != nil {
				if last != nil {
					return fmt.Errorf("waiting for %s: %w (%v)", what, ctx.Err(), last)
				}
				return fmt.Errorf("waiting for %s: %w", what, ctx.Err())
			}
			if last != nil {
				select {
				case <-ctx.Done():
				case <-time.After(50 * time.Millisecond):
				}
			}
		}
	}
}

// isVisible is true when the element has a box and is not hidden.
func isVisible(sel selector) string {
	return `((el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")(` + string(sel) + `)`
}

// visible waits until sel is in the document and rendered.
func visible(sel selector) step { return waitFor(string(sel)+" visible", isVisible(sel)) }

// present waits until sel is in the document.
func present(sel selector) step { return waitFor(string(sel)+" present", `!!(`+string(sel)+`)`) }

// gone waits until sel is not in the document.
func gone(sel selector) step { return waitFor(string(sel)+" gone", `!(`+string(sel)+`)`) }

// enabled waits until sel is there and not disabled.
func enabled(sel selector) step {
	return waitFor(string(sel)+" enabled", `((el) => !!el && !el.disabled)(`+string(sel)+`)`)
}

// click waits until sel is visible, then clicks it as a person would (a
// trusted click, with user activation).
func click(sel selector) step {
	return func(ctx context.Context, e *env) error {
		if err := visible(sel)(ctx, e); err != nil {
			return err
		}
		return e.b.Click(ctx, string(sel))
	}
}

// script evaluates js in the page, awaited.
func script(js string) step {
	return func(ctx context.Context, e *env) error { return e.b.Eval(ctx, js, nil) }
}

// do runs steps with a bound on how long they may wait, and on failure
// reports what the page showed.
func (e *env) do(what string, steps ...step) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.t.Context(), 45*time.Second)
	defer cancel()
	for _, s := range steps {
		if err := s(ctx, e); err != nil {
			e.t.Fatalf("%s (%s): %v\n%s", what, e.b.Engine(), err, e.snapshot())
		}
	}
}

// eval evaluates js (awaiting a promise) and decodes its value into T.
func eval[T any](e *env, js string) T {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.t.Context(), 45*time.Second)
	defer cancel()
	var v T
	if err := e.b.Eval(ctx, js, &v); err != nil {
		e.t.Fatalf("evaluating %s: %v\n%s", js, err, e.snapshot())
	}
	return v
}

// snapshot returns the page's status, result and log as text, for failures.
func (e *env) snapshot() string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var s string
	err := e.b.Eval(ctx, `(() => {
		const t = (s) => { const n = document.querySelector(s); return n ? n.innerText : "(none)"; };
		return "page: " + location.href + "\nsdk: " + document.body.dataset.sdk +
			"\nresult: " + t("#result") + "\nerrors: " + t("#error-out") + "\nlog:\n" + t("#event-log");
	})()`, &s)
	if err != nil {
		s = "(no snapshot: " + err.Error() + ")"
	}
	return s + "\nerrors:\n  " + strings.Join(e.b.Errors(), "\n  ")
}

// noConsoleErrors fails the test on any page error or console.error that
// allowed does not excuse (nil excuses nothing).
func (e *env) noConsoleErrors(allowed func(line string) bool) {
	e.t.Helper()
	var errs []string
	for _, line := range e.b.Errors() {
		if allowed == nil || !allowed(line) {
			errs = append(errs, line)
		}
	}
	if len(errs) > 0 {
		e.t.Errorf("the page logged %d error(s) in %s:\n  %s", len(errs), e.b.Engine(), strings.Join(errs, "\n  "))
	}
}

// networkStatus excuses the browser's own "Failed to load resource" line
// for the given statuses: a refused request the page handles is not a bug.
// (Chromium logs one; Firefox and WebKit log none for a fetch.)
func networkStatus(statuses ...int) func(string) bool {
	return func(line string) bool {
		if !strings.HasPrefix(line, "network ") {
			return false
		}
		for _, s := range statuses {
			if strings.Contains(line, fmt.Sprintf("status of %d", s)) {
				return true
			}
		}
		return false
	}
}

var errNoPopup = errors.New("no consent popup opened")
