package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"

	"github.com/integry-go/integry/internal/webdriver"
)

// firefoxPrefs go into the fresh profile's user.js. Firefox's remote agent
// turns the popup blocker off for automation (its recommended prefs set
// dom.disable_open_during_load to false); a user pref wins over it, so the
// connect journeys meet the blocker a visitor meets.
func firefoxPrefs(o Options) map[string]any {
	p := map[string]any{
		"dom.disable_open_during_load":               o.BlockPopups,
		"browser.shell.checkDefaultBrowser":          false,
		"datareporting.policy.dataSubmissionEnabled": false,
		"toolkit.telemetry.reportingpolicy.firstRun": false,
		"app.update.disabledForTesting":              true,
		"browser.aboutwelcome.enabled":               false,
	}
	if o.DarkMode {
		p["layout.css.prefers-color-scheme.content-override"] = 0
	}
	return p
}

func firefoxAvailable() bool { return webdriver.FirefoxBinary() != "" }

// firefoxBrowser is Firefox through WebDriver BiDi.
type firefoxBrowser struct {
	firefoxPage
	ff   *webdriver.Firefox
	mu   sync.Mutex
	errs []string
}

// firefoxPage is one top-level browsing context.
type firefoxPage struct {
	bidi    *webdriver.BiDi
	context string
}

func openFirefox(ctx context.Context, t testing.TB, o Options) (Browser, error) {
	ff, err := webdriver.StartFirefox(ctx, t.TempDir(), firefoxPrefs(o))
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { ff.Close() })
	b := &firefoxBrowser{ff: ff}
	ff.On("log.entryAdded", func(params json.RawMessage) {
		var e struct {
			Level  string `json:"level"`
			Type   string `json:"type"`
			Text   string `json:"text"`
			Source struct {
				Context string `json:"context"`
			} `json:"source"`
			StackTrace struct {
				CallFrames []struct {
					URL  string `json:"url"`
					Line int    `json:"lineNumber"`
				} `json:"callFrames"`
			} `json:"stackTrace"`
		}
		if json.Unmarshal(params, &e) != nil || e.Level != "error" {
			return
		}
		line := e.Type + ": " + e.Text
		if f := e.StackTrace.CallFrames; len(f) > 0 && f[0].URL != "" {
			line += " (" + f[0].URL + ")"
		}
		b.mu.Lock()
		b.errs = append(b.errs, line)
		b.mu.Unlock()
	})
	if err := ff.Call(ctx, "session.subscribe", map[string]any{"events": []string{"log.entryAdded"}}, nil); err != nil {
		return nil, err
	}
	var tree struct {
		Contexts []struct {
			Context string `json:"context"`
		} `json:"contexts"`
	}
	if err := ff.Call(ctx, "browsingContext.getTree", map[string]any{"maxDepth": 0}, &tree); err != nil {
		return nil, err
	}
	if len(tree.Contexts) == 0 {
		return nil, errors.New("firefox has no window")
	}
	b.firefoxPage = firefoxPage{bidi: ff.BiDi, context: tree.Contexts[0].Context}
	return b, nil
}

func (b *firefoxBrowser) Engine() Engine { return Firefox }

func (b *firefoxBrowser) Errors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.errs...)
}

func (b *firefoxBrowser) Popups(ctx context.Context) ([]Page, error) {
	var tree struct {
		Contexts []struct {
			Context string `json:"context"`
		} `json:"contexts"`
	}
	if err := b.bidi.Call(ctx, "browsingContext.getTree", map[string]any{"maxDepth": 0}, &tree); err != nil {
		return nil, err
	}
	var out []Page
	for _, c := range tree.Contexts {
		if c.Context != b.context {
			out = append(out, &firefoxPage{bidi: b.bidi, context: c.Context})
		}
	}
	return out, nil
}

func (p *firefoxPage) Navigate(ctx context.Context, url string) error {
	return p.bidi.Call(ctx, "browsingContext.navigate", map[string]any{"context": p.context, "url": url, "wait": "complete"}, nil)
}

func (p *firefoxPage) Eval(ctx context.Context, expr string, out any) error {
	var res struct {
		Type   string `json:"type"`
		Result struct {
			Type  string `json:"type"`
			Value string `json:"value"`
		} `json:"result"`
		ExceptionDetails struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	err := p.bidi.Call(ctx, "script.evaluate", map[string]any{
		"expression": evalScript(expr), "target": map[string]any{"context": p.context},
		"awaitPromise": true, "resultOwnership": "none", "userActivation": false,
	}, &res)
	if err != nil {
		return err
	}
	if res.Type == "exception" {
		return errors.New("javascript: " + res.ExceptionDetails.Text)
	}
	return decode(res.Result.Value, out)
}

func (p *firefoxPage) Click(ctx context.Context, el string) error {
	var xy [2]int
	if err := p.Eval(ctx, centerScript(el), &xy); err != nil {
		return err
	}
	return p.actions(ctx, map[string]any{
		"type": "pointer", "id": "mouse", "parameters": map[string]any{"pointerType": "mouse"},
		"actions": []map[string]any{
			{"type": "pointerMove", "x": xy[0], "y": xy[1], "origin": "viewport"},
			{"type": "pointerDown", "button": 0},
			{"type": "pointerUp", "button": 0},
		},
	})
}

func (p *firefoxPage) Keys(ctx context.Context, keys string) error {
	steps := keySteps(keys)
	return p.actions(ctx, map[string]any{"type": "key", "id": "keyboard", "actions": steps})
}

func (p *firefoxPage) actions(ctx context.Context, source map[string]any) error {
	if err := p.bidi.Call(ctx, "input.performActions", map[string]any{"context": p.context, "actions": []any{source}}, nil); err != nil {
		return err
	}
	err := p.bidi.Call(ctx, "input.releaseActions", map[string]any{"context": p.context}, nil)
	// A click that closes its window (Allow on a consent page) leaves
	// nothing to release in: the click itself was delivered.
	var we *webdriver.Error
	if errors.As(err, &we) && we.Code == "no such frame" {
		return nil
	}
	return err
}

func (p *firefoxPage) URL(ctx context.Context) (string, error) {
	var u string
	err := p.Eval(ctx, `location.href`, &u)
	return u, err
}

func (p *firefoxPage) Close(ctx context.Context) error {
	return p.bidi.Call(ctx, "browsingContext.close", map[string]any{"context": p.context}, nil)
}
