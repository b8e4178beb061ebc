package ui_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/ui"
	"github.com/integry-go/integry/ui/uitest"
)

// Every goroutine of package ui recovers a panic: under js/wasm one that
// escaped would end the Go program and every instance on the page. These
// tests panic in each kind of goroutine a widget starts (a data source's
// page, custom fields, a connect, a disconnect, the marketplace's pages,
// following a connect made elsewhere, the marketplace's end) and show that
// the panic comes out as the instance's "error" event, an internal error,
// and that the widget, and the page, go on working.

// errorEvents records the "error" events of an emitter.
type errorEvents struct {
	mu  sync.Mutex
	got []*sdk.Error
}

func recordErrors(em *sdk.Emitter) *errorEvents {
	e := &errorEvents{}
	em.On(sdk.EventError, func(p any) {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.got = append(e.got, sdk.AsError(p.(error)))
	})
	return e
}

func (e *errorEvents) list() []*sdk.Error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]*sdk.Error(nil), e.got...)
}

// await polls until n error events arrived, then checks that each is an
// internal error naming what panicked.
func (e *errorEvents) await(t *testing.T, n int, mentions ...string) {
	t.Helper()
	untilIdle(t, func() bool { return len(e.list()) >= n })
	got := e.list()
	if len(got) != n {
		t.Fatalf("%d error events, want %d: %v", len(got), n, got)
	}
	for i, m := range mentions {
		if got[i].Code != sdk.CodeInternal || !strings.Contains(got[i].Message, m) || !strings.Contains(got[i].Message, "a test's panic") {
			t.Errorf("error event %d: %s %q, want internal naming %q and the panic", i, got[i].Code, got[i].Message, m)
		}
	}
}

// trapDoc is a uitest document that panics once, on the next
// CreateElement, ActiveElement or cancelled timer after Arm: the DOM work
// of a goroutine that then fails.
type trapDoc struct {
	*uitest.Document
	armed atomic.Bool
}

func (d *trapDoc) Arm() { d.armed.Store(true) }

func (d *trapDoc) spring() {
	if d.armed.CompareAndSwap(true, false) {
		panic("a test's panic")
	}
}

func (d *trapDoc) CreateElement(tag string) ui.Element {
	d.spring()
	return d.Document.CreateElement(tag)
}
func (d *trapDoc) ActiveElement() ui.Element { d.spring(); return d.Document.ActiveElement() }
func (d *trapDoc) Later(dur time.Duration, fn func()) func() {
	cancel := d.Document.Later(dur, fn)
	return func() { d.spring(); cancel() }
}

// A data source that panics: the dropdown and the custom fields show the
// failure with Try again, and Try again, once the source answers, loads.
func TestPanicInADataSourceLoad(t *testing.T) {
	t.Parallel()
	doc, ev := uitest.NewDocument(), newEvents()
	errs := recordErrors(ev.Emitter)
	api, srcs := dynamicAPI(t)
	var broken atomic.Bool
	broken.Store(true)
	channels, props := api.sources["https://src.test/channels"], api.sources["https://src.test/props"]
	api.sources["https://src.test/channels"] = func(req sdk.DataSourceRequest) ([]byte, error) {
		if broken.Load() {
			panic("a test's panic")
		}
		return channels(req)
	}
	api.sources["https://src.test/props"] = func(req sdk.DataSourceRequest) ([]byte, error) {
		if broken.Load() {
			panic("a test's panic")
		}
		return props(req)
	}
	ch := showAsync(t, t.Context(), newEnv(doc, api, ev), "acme-dynamic", ui.FunctionOptions{Params: json.RawMessage(`{"channel":"C001"}`)})
	_, list, status := combo(t, doc, "channel")
	untilIdle(t, func() bool { return status.Text() == "Could not load the options: internal error" })
	untilIdle(t, func() bool { return strings.Contains(one(t, doc, "integry-custom-fields").Text(), "internal error") })
	errs.await(t, 2)
	for _, e := range errs.list() {
		if e.Code != sdk.CodeInternal || !strings.Contains(e.Message, "a test's panic") ||
			!strings.Contains(e.Message, "dropdown") && !strings.Contains(e.Message, "custom fields") {
			t.Errorf("error event %s %q", e.Code, e.Message)
		}
	}
	// The other dropdowns loaded as usual.
	_, owners, _ := combo(t, doc, "owner")
	untilIdle(t, func() bool { return len(options(doc, owners)) == len(srcs["owners"].items) })

	broken.Store(false)
	doc.FindIn(status.Parent(), "integry-retry")[0].Click()
	untilIdle(t, func() bool { return len(options(doc, list)) == 20 })
	one(t, doc, "integry-submit").Click()
	if r := wait(t, ch); r.err != nil || !strings.Contains(string(r.v), `"channel":"C001"`) {
		t.Fatalf("resolved %s %v", r.v, r.err)
	}
}

// A connect whose wait panics fails as a connect does, and the form still
// follows a connect made elsewhere, even after that follow panicked once.
func TestPanicInAFormsConnect(t *testing.T) {
	t.Parallel()
	doc := &trapDoc{Document: uitest.NewDocument()}
	ev := newEvents()
	errs := recordErrors(ev.Emitter)
	api, _ := unconnectedDynamicAPI(t)
	env := newEnv(doc.Document, api, ev)
	env.Doc = doc
	env.StartConnect = func(string) (func(context.Context) (*sdk.ConnectResult, error), error) {
		return func(context.Context) (*sdk.ConnectResult, error) { panic("a test's panic") }, nil
	}
	ch := make(chan result, 1)
	go func() {
		v, err := ui.ShowFunction(t.Context(), env, "acme-dynamic", ui.FunctionOptions{})
		ch <- result{v, err}
	}()
	doc.WaitPaint()
	one(t, doc.Document, "integry-connect").Click()
	errs.await(t, 1, "the form's connect")
	untilIdle(t, func() bool { return strings.Contains(one(t, doc.Document, "integry-banner").Text(), "connect failed") })

	acme := &sdk.App{Name: "acme", Title: "Acme", ConnectedAccounts: []sdk.ConnectedAccount{{ID: 99}}, ConnectedAccountID: "99"}
	doc.Arm() // Connected reads the focused element
	ev.Emit(sdk.EventAppConnected, acme)
	errs.await(t, 2, "the form's connect", "connect made elsewhere")
	ev.Emit(sdk.EventAppConnected, acme)
	untilIdle(t, func() bool { return len(doc.Find("integry-banner")) == 0 })
	if one(t, doc.Document, "integry-submit").HasAttr("disabled") {
		t.Fatal("Submit stays disabled after the connect")
	}
	select {
	case r := <-ch:
		t.Fatalf("ShowFunction returned %s %v", r.v, r.err)
	default:
	}
}

// The marketplace: a page load, a connect, a disconnect, following a
// connect made elsewhere and its end each panic once; each card is usable
// again, and the next search, connect or follow works.
func TestPanicInTheMarketplace(t *testing.T) {
	t.Parallel()
	doc := &trapDoc{Document: uitest.NewDocument()}
	events := sdk.NewEmitter()
	errs := recordErrors(events)
	api := &panickyAPI{fakeAPI: &fakeAPI{apps: catalog()}}
	fc := &fakeConnect{results: make(chan *sdk.ConnectResult, 1)}
	var waitPanics atomic.Bool
	waitPanics.Store(true)
	start := func(app string) (func(context.Context) (*sdk.ConnectResult, error), error) {
		wait, err := fc.start(app)
		return func(ctx context.Context) (*sdk.ConnectResult, error) {
			if waitPanics.Load() {
				panic("a test's panic")
			}
			return wait(ctx)
		}, err
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	env := ui.Env{Doc: doc, API: api, Events: events, StartConnect: start}
	m, err := ui.ShowApps(ctx, env, ui.AppsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Destroy()

	// A search whose page panics; the next search shows its cards.
	search := doc.Find("integry-search")[0].Children()[1]
	search.Type("boom")
	doc.RunTimers()
	errs.await(t, 1, "marketplace search")
	search.Type("hub")
	doc.RunTimers()
	untilIdle(t, func() bool { return len(doc.Find("integry-app-card")) == 1 })
	card(t, doc.Document, "hubspot")

	// A connect whose wait panics frees the card; the next connect works.
	button(t, card(t, doc.Document, "hubspot"), "integry-connect").Click()
	errs.await(t, 2, "marketplace search", "marketplace connect")
	untilIdle(t, func() bool {
		return strings.Contains(one(t, doc.Document, "integry-status").Text(), "internal error") &&
			!button(t, card(t, doc.Document, "hubspot"), "integry-connect").HasAttr("disabled")
	})
	waitPanics.Store(false)
	button(t, card(t, doc.Document, "hubspot"), "integry-connect").Click()
	hubspot := catalog()[4]
	hubspot.ConnectedAccounts = []sdk.ConnectedAccount{{ID: 7, DisplayName: "me@hub"}}
	fc.results <- &sdk.ConnectResult{AccountID: "7", App: &hubspot}
	untilIdle(t, func() bool { return textOf(doc.Document, "hubspot", "integry-badge") == "Connected" })

	// Back to every app: a disconnect that panics frees the card.
	search.Type("")
	doc.RunTimers()
	untilIdle(t, func() bool { return len(doc.Find("integry-app-card")) == 5 })
	api.disconnectPanics.Store(true)
	pipedrive := card(t, doc.Document, "pipedrive")
	button(t, pipedrive, "integry-disconnect").Click()
	button(t, card(t, doc.Document, "pipedrive"), "integry-confirm-yes").Click()
	errs.await(t, 3, "marketplace search", "marketplace connect", "marketplace disconnect")
	untilIdle(t, func() bool { return strings.Contains(one(t, doc.Document, "integry-status").Text(), "internal error") })

	// Following a connect made elsewhere panics once, then follows.
	slack := catalog()[0]
	slack.ConnectedAccounts = []sdk.ConnectedAccount{{ID: 99, DisplayName: "me@slack"}}
	slack.ConnectedAccountID = "99"
	doc.Arm() // the card is rebuilt with new elements
	events.Emit(sdk.EventAppConnected, &slack)
	errs.await(t, 4, "marketplace search", "marketplace connect", "marketplace disconnect", "following a connect")
	// The panicking follow had taken the accounts; a second one arrives.
	slack.ConnectedAccounts = append(slack.ConnectedAccounts, sdk.ConnectedAccount{ID: 100, DisplayName: "team@slack"})
	events.Emit(sdk.EventAppConnected, &slack)
	untilIdle(t, func() bool { return textOf(doc.Document, "slack", "integry-badge") == "Connected" })

	// Its end: the context ends while a search timer is pending, and
	// stopping that timer panics. The page goes on: another marketplace
	// on the same document renders.
	search.Type("gm")
	doc.Arm()
	cancel()
	errs.await(t, 5, "marketplace search", "marketplace connect", "marketplace disconnect", "following a connect", "the marketplace")
	other, err := ui.ShowApps(t.Context(), ui.Env{Doc: doc, API: api.fakeAPI, Events: events}, ui.AppsOptions{AppName: "gmail"})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Destroy()
	untilIdle(t, func() bool { return len(doc.Find("integry-app-card")) >= 1 })
}

// panickyAPI panics on a search for "boom", and on Disconnect once
// disconnectPanics is set.
type panickyAPI struct {
	*fakeAPI
	disconnectPanics atomic.Bool
}

func (a *panickyAPI) ListApps(ctx context.Context, o *sdk.ListAppsOptions) (*sdk.AppPage, error) {
	if o.Search == "boom" {
		panic("a test's panic")
	}
	return a.fakeAPI.ListApps(ctx, o)
}

func (a *panickyAPI) Disconnect(ctx context.Context, app, id string) (*sdk.App, error) {
	if a.disconnectPanics.CompareAndSwap(true, false) {
		panic("a test's panic")
	}
	return a.fakeAPI.Disconnect(ctx, app, id)
}

// The panic is written to the console (console.error under js/wasm).
func TestPanicWrittenToTheConsole(t *testing.T) {
	var mu sync.Mutex
	var lines []string
	old := ui.Console
	ui.Console = func(line string) {
		mu.Lock()
		defer mu.Unlock()
		lines = append(lines, line)
	}
	t.Cleanup(func() { ui.Console = old })
	doc := uitest.NewDocument()
	api := &panickyAPI{fakeAPI: &fakeAPI{apps: catalog()}}
	m, err := ui.ShowApps(t.Context(), ui.Env{Doc: doc, API: api}, ui.AppsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Destroy()
	search := doc.Find("integry-search")[0].Children()[1]
	search.Type("boom")
	doc.RunTimers()
	untilIdle(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(lines) == 1
	})
	mu.Lock()
	defer mu.Unlock()
	if want := "integry: internal error in a marketplace search: a test's panic"; lines[0] != want {
		t.Errorf("console %q, want %q", lines[0], want)
	}
}
