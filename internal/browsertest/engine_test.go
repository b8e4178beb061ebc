package browsertest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/integry-go/integry/internal/browsertest"
)

// The driver contract every engine keeps: awaited evaluation, a trusted
// click that may open a popup past the blocker (and nothing else may), the
// popup listed and closable, keys typed where the focus is, and the page's
// errors collected.
func TestEngineDriver(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/popup" {
			w.Write([]byte(`<!doctype html><title>popup</title><p id="p">popup</p>`))
			return
		}
		w.Write(browsertest.InjectErrorCollector([]byte(`<!doctype html><html><head><title>x</title></head><body>
<button id="open" onclick="window.opened = window.open('/popup', 'p', 'popup,width=400,height=400') !== null">open</button>
<input id="in"><p id="p">hi</p>
<script>console.error("logged on purpose"); setTimeout(() => { throw new Error("thrown on purpose"); });</script>
</body></html>`)))
	}))
	defer srv.Close()
	b := browsertest.Open(t, browsertest.Options{BlockPopups: true})
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	if err := b.Navigate(ctx, srv.URL); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := b.Eval(ctx, `new Promise((r) => setTimeout(() => r(document.getElementById("p").textContent), 10))`, &got); err != nil || got != "hi" {
		t.Fatalf("awaited evaluation: %q, %v", got, err)
	}
	if err := b.Eval(ctx, `Promise.reject(new Error("no"))`, nil); err == nil || !strings.Contains(err.Error(), "no") {
		t.Errorf("a rejection evaluates to %v, want its error", err)
	}
	var blocked bool
	if err := b.Eval(ctx, `window.open("/popup") === null`, &blocked); err != nil || !blocked {
		t.Errorf("window.open outside a gesture: blocked = %v (%v), want blocked", blocked, err)
	}
	if err := b.Click(ctx, browsertest.CSS("#open")); err != nil {
		t.Fatal(err)
	}
	var opened bool
	if err := b.Eval(ctx, `window.opened`, &opened); err != nil || !opened {
		t.Fatalf("window.open in a click: opened = %v (%v)", opened, err)
	}
	var popup browsertest.Page
	for popup == nil {
		ps, err := b.Popups(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if u, _ := p.URL(ctx); strings.HasSuffix(u, "/popup") {
				popup = p
			}
		}
		if ctx.Err() != nil {
			t.Fatal("the popup is not listed")
		}
		time.Sleep(50 * time.Millisecond)
	}
	var text string
	if err := popup.Eval(ctx, `document.getElementById("p").textContent`, &text); err != nil || text != "popup" {
		t.Errorf("evaluating in the popup: %q, %v", text, err)
	}
	if err := popup.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if ps, err := b.Popups(ctx); err != nil || len(ps) != 0 {
		t.Errorf("after Close, popups = %d (%v)", len(ps), err)
	}
	if err := b.Eval(ctx, `document.getElementById("in").focus()`, nil); err != nil {
		t.Fatal(err)
	}
	if err := b.Keys(ctx, "ab"+browsertest.KeyTab); err != nil {
		t.Fatal(err)
	}
	var typed struct {
		Value  string `json:"value"`
		Active string `json:"active"`
	}
	if err := b.Eval(ctx, `({value: document.getElementById("in").value, active: document.activeElement.id})`, &typed); err != nil || typed.Value != "ab" || typed.Active == "in" {
		t.Errorf("typed ab then Tab: %+v (%v), want the value ab and the focus moved on", typed, err)
	}
	errs := b.Errors()
	for _, want := range []string{"logged on purpose", "thrown on purpose"} {
		if !slices.ContainsFunc(errs, func(e string) bool { return strings.Contains(e, want) }) {
			t.Errorf("Errors() = %q, want one with %q", errs, want)
		}
	}
}
