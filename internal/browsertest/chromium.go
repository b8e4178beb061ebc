package browsertest

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// chromiumPage is a Page on one Chromium target, through chromedp.
type chromiumPage struct {
	ctx context.Context
	id  target.ID
}

// chromiumBrowser is Chromium through chromedp: the test's tab, its popups
// and the console of the tab.
type chromiumBrowser struct {
	chromiumPage
	mu     sync.Mutex
	popups map[target.ID]*chromiumPage
	errs   []string
}

func openChromium(t testing.TB, o Options) (Browser, error) {
	ctx, cancel, err := Launch(t.TempDir(), o)
	if err != nil {
		return nil, err
	}
	t.Cleanup(cancel)
	b := &chromiumBrowser{chromiumPage: chromiumPage{ctx: ctx, id: chromedp.FromContext(ctx).Target.TargetID}, popups: map[target.ID]*chromiumPage{}}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type != chromedp.ConsoleError && m.Type != chromedp.ConsoleException {
				continue
			}
			line := m.String()
			if m.Source != "" {
				line = m.Source + " " + line
			}
			if m.URL != "" {
				line += " (" + m.URL + ")"
			}
			b.mu.Lock()
			b.errs = append(b.errs, line)
			b.mu.Unlock()
		}
	}()
	return b, nil
}

// ChromeContext returns the chromedp context of a Chromium Browser or Page,
// for the Chromium-only checks a suite adds (the heap profiler, CDP
// targets); ok is false in the other engines.
func ChromeContext(p Page) (ctx context.Context, ok bool) {
	switch c := p.(type) {
	case *chromiumBrowser:
		return c.ctx, true
	case *chromiumPage:
		return c.ctx, true
	}
	return nil, false
}

func (b *chromiumBrowser) Engine() Engine { return Chromium }

func (b *chromiumBrowser) Errors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.errs...)
}

func (b *chromiumBrowser) Popups(ctx context.Context) ([]Page, error) {
	infos, err := chromedp.Targets(b.ctx)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []Page
	for _, i := range infos {
		if i.Type != "page" || i.TargetID == b.id {
			continue
		}
		p := b.popups[i.TargetID]
		if p == nil {
			// Detach, never close, when the test ends: a consent page
			// closes itself after Allow.
			pctx, _ := chromedp.NewContext(b.ctx, chromedp.WithTargetID(i.TargetID), chromedp.WithDetachOnCancel())
			// Attach with a context that outlives this call: the first
			// Run binds the attachment to its context.
			attached := make(chan error, 1)
			go func() { attached <- chromedp.Do(pctx) }()
			select {
			case err := <-attached:
				if err != nil {
					continue // gone already
				}
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			p = &chromiumPage{ctx: pctx, id: i.TargetID}
			b.popups[i.TargetID] = p
		}
		out = append(out, p)
	}
	// GetTargets lists the newest first.
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

func (p *chromiumPage) Navigate(ctx context.Context, url string) error {
	bc, cancel := bound(ctx, p.ctx)
	defer cancel()
	return chromedp.Do(bc, chromedp.Navigate(url))
}

func (p *chromiumPage) Eval(ctx context.Context, expr string, out any) error {
	bc, cancel := bound(ctx, p.ctx)
	defer cancel()
	s, err := chromedp.Run(bc, chromedp.Evaluate[string](evalScript(expr), chromedp.EvalAwaitPromise))
	if err != nil {
		return err
	}
	return decode(s, out)
}

func (p *chromiumPage) Click(ctx context.Context, el string) error {
	var xy [2]float64
	if err := p.Eval(ctx, centerScript(el), &xy); err != nil {
		return err
	}
	bc, cancel := bound(ctx, p.ctx)
	defer cancel()
	return chromedp.Do(bc, chromedp.MouseClickXY(xy[0], xy[1]))
}

// chromeKeys maps the WebDriver special keys to chromedp's.
var chromeKeys = strings.NewReplacer(KeyTab, kb.Tab, KeyEnter, kb.Enter, KeyEscape, kb.Escape, KeyDown, kb.ArrowDown, KeyUp, kb.ArrowUp)

func (p *chromiumPage) Keys(ctx context.Context, keys string) error {
	bc, cancel := bound(ctx, p.ctx)
	defer cancel()
	plain, shifted, _ := strings.Cut(keys, KeyShift)
	if plain != "" {
		if err := chromedp.Do(bc, chromedp.KeyEvent(chromeKeys.Replace(plain))); err != nil {
			return err
		}
	}
	if shifted = strings.ReplaceAll(shifted, KeyShift, ""); shifted == "" {
		return nil
	}
	return chromedp.Do(bc, chromedp.KeyEvent(chromeKeys.Replace(shifted), chromedp.KeyModifiers(chromedp.ModifierShift)))
}

func (p *chromiumPage) URL(ctx context.Context) (string, error) {
	var u string
	err := p.Eval(ctx, `location.href`, &u)
	return u, err
}

func (p *chromiumPage) Close(ctx context.Context) error {
	c := chromedp.FromContext(p.ctx)
	bc, cancel := bound(ctx, p.ctx)
	defer cancel()
	if _, err := cdp.Call(bc, c.Browser, target.CloseTarget, target.CloseTargetParams{TargetID: p.id}); err != nil {
		return err
	}
	for { // Target.closeTarget answers before the target is gone
		infos, err := cdp.Call(bc, c.Browser, target.GetTargets, target.GetTargetsParams{})
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(infos.TargetInfos, func(i *target.Info) bool { return i.TargetID == p.id }) {
			return nil
		}
		select {
		case <-bc.Done():
			return bc.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// bound returns the chromedp context c limited by ctx's deadline and
// cancellation, and the func that releases it.
func bound(ctx, c context.Context) (context.Context, context.CancelFunc) {
	bc, cancel := context.WithCancel(c)
	if d, ok := ctx.Deadline(); ok {
		var cancelD context.CancelFunc
		bc, cancelD = context.WithDeadline(bc, d)
		prev := cancel
		cancel = func() { cancelD(); prev() }
	}
	stop := context.AfterFunc(ctx, cancel)
	return bc, func() { stop(); cancel() }
}
