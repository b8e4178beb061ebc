package browsertest_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/integry-go/integry/internal/browsertest"
)

func TestNewRunsAPage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<!doctype html><title>x</title><p id="p">hi</p>`))
	}))
	defer srv.Close()
	ctx := browsertest.New(t, browsertest.Options{})
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("p").textContent`))
	if err != nil || got != "hi" {
		t.Fatalf("got %q, %v", got, err)
	}
	blocked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.open("about:blank") === null`))
	if err != nil || blocked {
		t.Fatalf("popups should open by default: blocked=%v err=%v", blocked, err)
	}
}

func TestBlockPopups(t *testing.T) {
	ctx := browsertest.New(t, browsertest.Options{BlockPopups: true})
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	blocked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.open("about:blank") === null`))
	if err != nil || !blocked {
		t.Fatalf("window.open outside a gesture should be blocked: blocked=%v err=%v", blocked, err)
	}
}
