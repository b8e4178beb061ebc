// Package browsertest starts browsers for host-side page tests, and builds
// the bundle they load. The cross-engine suites call [Open], which drives
// the engine INTEGRY_ENGINE names (Chromium by default, Firefox over
// WebDriver BiDi, WebKitGTK over WebKitWebDriver) through one [Browser]
// interface; the Chromium-only deep suites call [New] for a chromedp
// context. Without the browser installed either skips, unless
// INTEGRY_REQUIRE_BROWSER=1 (set by `make test`), when it fails. Benchmarks start a browser with [Launch].
//
//	dir := browsertest.Bundle(t) // web/dist, as `make wasm` ships it
//	ctx := browsertest.New(t, browsertest.Options{BlockPopups: true})
//	err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(`#ready`))
//
//	b := browsertest.Open(t, browsertest.Options{BlockPopups: true}) // any engine
//	err := b.Navigate(ctx, url)
//	err = b.Click(ctx, "#connect") // a trusted click: the popup may open
//
// [Bundle] is the one place tests build the bundle: it runs the Makefile's
// bundle target once per test binary (which rebuilds only what is stale),
// under a lock, and [Version] is the version compiled into it.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// Options tune the browser.
type Options struct {
	// BlockPopups turns Chromium's popup blocker back on (chromedp's defaults
	// turn it off), so window.open outside a user gesture returns null.
	BlockPopups bool
	// DarkMode makes the page see prefers-color-scheme: dark.
	DarkMode bool
}

// Available reports whether a Chromium binary is on PATH.
func Available() bool {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if _, err := exec.LookPath(name); err == nil {
			return true
		}
	}
	return false
}

// New returns a chromedp context for a fresh headless browser with its own
// profile, closed when the test ends. It is for the Chromium-only deep
// suites: under another INTEGRY_ENGINE the test skips ([ChromiumOnly]); the
// cross-engine suites use [Open].
func New(t testing.TB, o Options) context.Context {
	t.Helper()
	ChromiumOnly(t)
	if !Available() {
		if os.Getenv("INTEGRY_REQUIRE_BROWSER") == "1" {
			t.Fatal("Chromium is not on PATH (make browser installs it)")
		}
		t.Skip("Chromium is not on PATH; run `make browser`")
	}
	ctx, cancel, err := Launch(t.TempDir(), o)
	if err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	t.Cleanup(cancel)
	return ctx
}

// Launch starts a headless browser with its profile in dir and returns its
// chromedp context and the func that closes it. Benchmarks use it directly;
// tests use [New].
func Launch(dir string, o Options, extraFlags ...chromedp.ExecAllocatorOption) (context.Context, context.CancelFunc, error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(dir),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-popup-blocking", !o.BlockPopups),
	)
	if o.DarkMode {
		opts = append(opts, chromedp.Flag("force-dark-mode", true), chromedp.Flag("blink-settings", "preferredColorScheme=0"))
	}
	opts = append(opts, extraFlags...)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	cancel := func() { cancelC(); cancelA() }
	if err := chromedp.Do(ctx); err != nil { // start the browser now, so errors surface here
		cancel()
		return nil, nil, err
	}
	return ctx, cancel, nil
}
