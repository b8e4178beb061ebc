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
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/integry-go/integry/internal/browsertest"

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
// another, and a browser with the popup blocker on.
type env struct {
	t       *testing.T
	sb      *sandboxtest.Sandbox
	pages   *http.ServeMux
	pageURL string // the page server's origin
	ctx     context.Context
	console *consoleLog
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
	e.ctx = browsertest.New(t, browsertest.Options{BlockPopups: true})
	e.console = watchConsole(e.ctx)
	return e
}

// mount serves fsys under prefix on the page origin. HTML and JS files have
// the examples' sandbox address replaced by this test's sandbox.
func (e *env) mount(prefix string, fsys fs.FS) {
	e.pages.Handle(prefix, http.StripPrefix(strings.TrimSuffix(prefix, "/"), rewriting(fsys, exampleSandbox, e.sb.URL)))
}

// rewriting serves fsys like http.FileServerFS, replacing from with to in
// .html and .js files.
func rewriting(fsys fs.FS, from, to string) http.Handler {
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
		w.Header().Set("Content-Type", mime.TypeByExtension(ext))
		w.Header().Set("Cache-Control", "no-store")
		io.Copy(w, bytes.NewReader(bytes.ReplaceAll(b, []byte(from), []byte(to))))
	})
}

// do runs actions with a bound on how long they may wait, and on failure
// reports what the page showed.
func (e *env) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, 45*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		e.t.Fatalf("%s: %v\n%s", what, err, e.snapshot())
	}
}

// eval evaluates js (awaiting a promise) and decodes its value into T.
func eval[T any](e *env, js string) T {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, 45*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		e.t.Fatalf("evaluating %s: %v\n%s", js, err, e.snapshot())
	}
	return v
}

// snapshot returns the page's status, result and log as text, for failures.
func (e *env) snapshot() string {
	ctx, cancel := context.WithTimeout(e.ctx, 5*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const t = (s) => { const n = document.querySelector(s); return n ? n.innerText : "(none)"; };
		return "page: " + location.href + "\nsdk: " + document.body.dataset.sdk +
			"\nresult: " + t("#result") + "\nerrors: " + t("#error-out") + "\nlog:\n" + t("#event-log");
	})()`))
	if err != nil {
		s = "(no snapshot: " + err.Error() + ")"
	}
	return s + "\nconsole:\n" + e.console.String()
}

// consoleLog collects everything the page writes to its console.
type consoleLog struct {
	mu   sync.Mutex
	msgs []chromedp.ConsoleMessage
}

func watchConsole(ctx context.Context) *consoleLog {
	c := &consoleLog{}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			c.mu.Lock()
			c.msgs = append(c.msgs, m)
			c.mu.Unlock()
		}
	}()
	return c
}

// errors returns the exceptions, console.error calls and browser-log
// errors, except those allowed reports true for.
func (c *consoleLog) errors(allowed func(chromedp.ConsoleMessage) bool) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, m := range c.msgs {
		if m.Type != chromedp.ConsoleError && m.Type != chromedp.ConsoleException {
			continue
		}
		if allowed != nil && allowed(m) {
			continue
		}
		out = append(out, fmt.Sprintf("%s (%s)", m, m.URL))
	}
	return out
}

func (c *consoleLog) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var b strings.Builder
	for _, m := range c.msgs {
		fmt.Fprintf(&b, "  %s %s\n", m, m.URL)
	}
	return b.String()
}

// noConsoleErrors fails the test on any console error allowed does not
// excuse (nil excuses nothing).
func (e *env) noConsoleErrors(allowed func(chromedp.ConsoleMessage) bool) {
	e.t.Helper()
	if errs := e.console.errors(allowed); len(errs) > 0 {
		e.t.Errorf("the page logged %d console error(s):\n  %s", len(errs), strings.Join(errs, "\n  "))
	}
}

// networkStatus excuses the browser's own "Failed to load resource" line
// for the given statuses: a refused request the page handles is not a bug.
func networkStatus(statuses ...int) func(chromedp.ConsoleMessage) bool {
	return func(m chromedp.ConsoleMessage) bool {
		if m.Source != "network" {
			return false
		}
		for _, s := range statuses {
			if strings.Contains(m.Text, fmt.Sprintf("status of %d", s)) {
				return true
			}
		}
		return false
	}
}

var errNoPopup = errors.New("no consent popup opened")
