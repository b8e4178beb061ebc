//go:build !js

package ui_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/integry-go/integry/internal/browsertest"
	"github.com/integry-go/integry/sandbox/sandboxtest"
)

// TestScreenshots writes PNGs of the form, the marketplace and the
// sandbox's consent page, light and dark, and of the marketplace's two
// layouts and the channel dropdown against the sandbox, into
// $INTEGRY_SCREENSHOTS (make screenshots). Without that variable it skips: it is for people to look
// at, not an assertion.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("INTEGRY_SCREENSHOTS")
	if dir == "" {
		t.Skip("set INTEGRY_SCREENSHOTS=<dir> (make screenshots) to write the PNGs")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	base := harnessServer(t)
	sb := sandboxtest.New(t)
	app, err := sb.Client(t, "screenshots").GetApp(t.Context(), "slack")
	if err != nil {
		t.Fatal(err)
	}
	shots := []struct{ name, url string }{
		{"form", base + "/?view=form"},
		{"form-errors", base + "/?view=inline"},
		{"marketplace", base + "/?view=apps"},
		{"consent", app.LoginURL},
	}
	for _, dark := range []bool{false, true} {
		theme := map[bool]string{false: "light", true: "dark"}[dark]
		ctx := browsertest.New(t, browsertest.Options{DarkMode: dark})
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1024, 900)); err != nil {
			t.Fatal(err)
		}
		for _, s := range shots {
			if err := chromedp.Do(ctx, chromedp.Navigate(s.url)); err != nil {
				t.Fatal(err)
			}
			if s.name != "consent" {
				until(t, ctx, `document.body.dataset.ready === "1"`)
			}
			if s.name == "form-errors" {
				clickAt(t, ctx, `.integry-submit`)
				until(t, ctx, `document.querySelector(".integry-summary").textContent !== ""`)
			}
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, s.name+"-"+theme+".png")
			if err := os.WriteFile(path, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("wrote %s", path)
		}
	}
	// Both layouts of the marketplace and the channel dropdown, from the
	// real bundle against the sandbox (its catalog has icons).
	e := newE2E(t, "screenshots", "en")
	e.sb.Connect(t, "screenshots", "slack", "team@acme.example")
	e.sb.Connect(t, "screenshots", "hubspot", "crm@acme.example")
	if err := chromedp.Do(e.ctx, chromedp.EmulateViewport(1024, 900)); err != nil {
		t.Fatal(err)
	}
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(e.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name+".png")
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", path)
	}
	for _, layout := range []string{"WIDE", "NARROW"} {
		e.eval(`settle(integry.showApps({layout: IntegryJS.Layouts.` + layout + `}))`)
		e.until(`[...document.querySelectorAll(".integry-app-icon")].every((i) => i.complete)`)
		shot("layout-" + strings.ToLower(layout))
		e.click(`.integry-close`)
		e.until(`!document.querySelector(".integry-modal")`)
	}
	e.eval(`(window.p = settle(integry.showFunctionUI("slack-post-message", {text: "Deploy finished"})), true)`)
	e.until(`!!document.querySelector("input[data-field=channel]") && ` + listOf("channel") + `.querySelectorAll("[role=option]").length === 20`)
	e.click(`input[data-field=channel]`)
	if err := chromedp.Do(e.ctx, chromedp.SendKeys(`input[data-field=channel]`, "en")); err != nil {
		t.Fatal(err)
	}
	e.until(`!` + listOf("channel") + `.hidden && document.querySelector(".integry-modal-icon").complete &&
		document.querySelector("input[data-field=channel]").closest(".integry-field").querySelector("[role=status]").textContent === ""`)
	shot("form-dropdown")
}

// TestPageRenderTime renders forms of 10, 100 and 500 fields in Chromium
// and logs the time from the call to did-render-function (two frames
// after the DOM is built). It asserts only that every field rendered.
func TestPageRenderTime(t *testing.T) {
	base := harnessServer(t)
	ctx := browsertest.New(t, browsertest.Options{})
	for _, n := range []string{"10", "100", "500"} {
		open(t, ctx, base+"/?view=big&n="+n)
		until(t, ctx, `!!document.body.dataset.ms`)
		got := eval[string](t, ctx, `document.querySelectorAll(".integry-input").length + " fields in " + document.body.dataset.ms + " ms"`)
		t.Logf("%s-field form: %s", n, got)
		if want := n + " fields in "; len(got) < len(want) || got[:len(want)] != want {
			t.Errorf("rendered %s, want %s fields", got, n)
		}
	}
}
