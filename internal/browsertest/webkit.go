package browsertest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/integry-go/integry/internal/webdriver"
)

func webkitAvailable() bool { return webdriver.WebKitAvailable() }

// webkitBrowser is MiniBrowser through WebKitWebDriver. Classic WebDriver
// has one current window per session, so every command first switches to
// its page's window (under mu).
type webkitBrowser struct {
	webkitPage
	wk      *webdriver.WebKit
	mu      sync.Mutex
	current string // the session's current window handle
}

// webkitPage is one top-level window, by handle.
type webkitPage struct {
	b      *webkitBrowser
	handle string
}

// elementKey is the WebDriver element reference's key.
const elementKey = "element-6066-11e4-a52e-4f735466cecf"

func openWebKit(ctx context.Context, t testing.TB, o Options) (Browser, error) {
	// MiniBrowser's WebKit settings: popups need a user gesture unless the
	// test allows them (WebKit's default is to block them).
	args := []string{fmt.Sprintf("--javascript-can-open-windows-automatically=%v", !o.BlockPopups)}
	if o.DarkMode {
		args = append(args, "--dark-mode")
	}
	wk, err := webdriver.StartWebKit(ctx, args...)
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { wk.Close() })
	b := &webkitBrowser{wk: wk}
	if err := wk.Call(ctx, "POST", "/timeouts", map[string]any{"script": 120000, "pageLoad": 60000}, nil); err != nil {
		return nil, err
	}
	var h string
	if err := wk.Call(ctx, "GET", "/window", nil, &h); err != nil {
		return nil, err
	}
	b.current = h
	b.webkitPage = webkitPage{b: b, handle: h}
	return b, nil
}

func (b *webkitBrowser) Engine() Engine { return WebKit }

// Errors reads window.__integryErrors in the test's page (see
// ErrorCollector): WebKitWebDriver has no log events.
func (b *webkitBrowser) Errors() []string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*1e9)
	defer cancel()
	var errs []string
	if err := b.Eval(ctx, `window.__integryErrors || []`, &errs); err != nil {
		return []string{"(reading the page's errors: " + err.Error() + ")"}
	}
	return errs
}

func (b *webkitBrowser) Popups(ctx context.Context) ([]Page, error) {
	var hs []string
	b.mu.Lock()
	err := b.wk.Call(ctx, "GET", "/window/handles", nil, &hs)
	b.mu.Unlock()
	if err != nil {
		return nil, err
	}
	var out []Page
	for _, h := range hs {
		if h != b.handle {
			out = append(out, &webkitPage{b: b, handle: h})
		}
	}
	return out, nil
}

// call runs one command in p's window.
func (p *webkitPage) call(ctx context.Context, method, path string, body, res any) error {
	b := p.b
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.current != p.handle {
		if err := b.wk.Call(ctx, "POST", "/window", map[string]any{"handle": p.handle}, nil); err != nil {
			return err
		}
		b.current = p.handle
	}
	return b.wk.Call(ctx, method, path, body, res)
}

func (p *webkitPage) Navigate(ctx context.Context, url string) error {
	if err := p.call(ctx, "POST", "/url", map[string]any{"url": url}, nil); err != nil {
		return err
	}
	// Catch what the page logs from now on, in pages that did not load the
	// collector themselves.
	return p.Eval(ctx, strings.TrimSuffix(ErrorCollector, ";"), nil)
}

func (p *webkitPage) Eval(ctx context.Context, expr string, out any) error {
	var res struct {
		OK  *string `json:"ok"`
		Err string  `json:"err"`
	}
	script := `const done = arguments[arguments.length - 1];
` + evalScript(expr) + `.then((ok) => done({ok}), (e) => done({err: String(e && e.message || e)}));`
	if err := p.call(ctx, "POST", "/execute/async", map[string]any{"script": script, "args": []any{}}, &res); err != nil {
		return err
	}
	if res.OK == nil {
		return errors.New("javascript: " + res.Err)
	}
	return decode(*res.OK, out)
}

func (p *webkitPage) Click(ctx context.Context, el string) error {
	// Scroll first, as the other engines do; the click itself is
	// WebKitWebDriver's, a real one, on the element the script returns.
	if err := p.Eval(ctx, centerScript(el), nil); err != nil {
		return err
	}
	var ref map[string]string
	if err := p.call(ctx, "POST", "/execute/sync", map[string]any{"script": "return (" + el + ");", "args": []any{}}, &ref); err != nil {
		return err
	}
	if ref[elementKey] == "" {
		return errors.New("no element: " + el)
	}
	return p.call(ctx, "POST", "/element/"+ref[elementKey]+"/click", map[string]any{}, nil)
}

func (p *webkitPage) Keys(ctx context.Context, keys string) error {
	steps := keySteps(keys)
	err := p.call(ctx, "POST", "/actions", map[string]any{"actions": []any{map[string]any{"type": "key", "id": "keyboard", "actions": steps}}}, nil)
	if err != nil {
		return err
	}
	return p.call(ctx, "DELETE", "/actions", nil, nil)
}

func (p *webkitPage) URL(ctx context.Context) (string, error) {
	var u string
	err := p.call(ctx, "GET", "/url", nil, &u)
	return u, err
}

func (p *webkitPage) Close(ctx context.Context) error {
	b := p.b
	if err := p.call(ctx, "DELETE", "/window", nil, nil); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.current = ""
	return nil
}
