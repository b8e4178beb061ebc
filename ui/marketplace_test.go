package ui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/ui"
	"github.com/integry-go/integry/ui/uitest"
)

func catalog() []sdk.App {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	return []sdk.App{
		{ID: 1, Name: "slack", Title: "Slack", IconURL: "https://cdn.test/slack.png", LoginURL: "https://sb.test/login/slack"},
		{ID: 2, Name: "pipedrive", Title: "Pipedrive", IconURL: "javascript:alert(1)", LoginURL: "https://sb.test/login/pipedrive",
			ConnectedAccounts: []sdk.ConnectedAccount{{ID: 247714, DisplayName: "663----8b1", ModifiedAt: t0}}},
		{ID: 3, Name: "weather", Title: "Weather", LoginURL: ""},
		{ID: 4, Name: "gmail", Title: "Gmail", LoginURL: "https://sb.test/login/gmail", AllowMultipleConnectedAccounts: true,
			ConnectedAccounts: []sdk.ConnectedAccount{{ID: 12, DisplayName: "work@x", ModifiedAt: t0.Add(time.Hour)}, {ID: 11, DisplayName: "home@x", ModifiedAt: t0}}},
		{ID: 5, Name: "hubspot", Title: "HubSpot", LoginURL: "https://sb.test/login/hubspot"},
	}
}

// fakeConnect is a StartConnect whose flow finishes when the test says so.
type fakeConnect struct {
	started []string
	results chan *sdk.ConnectResult
	fail    error
}

func (f *fakeConnect) start(app string) (func(context.Context) (*sdk.ConnectResult, error), error) {
	f.started = append(f.started, app)
	if f.fail != nil {
		return nil, f.fail
	}
	return func(ctx context.Context) (*sdk.ConnectResult, error) {
		select {
		case r := <-f.results:
			if r == nil {
				return nil, &sdk.Error{Code: sdk.CodeConnectCancelled, Message: "Authorization window was closed by the user"}
			}
			return r, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}, nil
}

func card(t *testing.T, doc *uitest.Document, app string) *uitest.Element {
	t.Helper()
	for _, c := range doc.Find("integry-app-card") {
		if c.Attr("data-app") == app {
			return c
		}
	}
	t.Fatalf("no card for %s\n%s", app, doc.Tree())
	return nil
}

func button(t *testing.T, within *uitest.Element, class string) *uitest.Element {
	t.Helper()
	for _, e := range within.FindFunc(func(e *uitest.Element) bool { return strings.Contains(" "+e.Attr("class")+" ", " "+class+" ") }) {
		return e
	}
	t.Fatalf("no %s in %s", class, within)
	return nil
}

// textOf returns the text of the first element with class inside app's card,
// or "" while the card is being rebuilt: polling conditions must not fail on
// a half-built card.
func textOf(doc *uitest.Document, app, class string) string {
	for _, c := range doc.Find("integry-app-card") {
		if c.Attr("data-app") != app {
			continue
		}
		for _, e := range doc.FindIn(c, class) {
			return e.Text()
		}
	}
	return ""
}

// untilIdle waits for a goroutine-driven change of the fake DOM by polling
// a condition (no fixed sleep decides the outcome; the deadline only stops
// a hang).
func untilIdle(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition never became true")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestShowAppsRendersCards(t *testing.T) {
	t.Parallel()
	doc := uitest.NewDocument()
	api := &fakeAPI{apps: catalog()}
	m, err := ui.ShowApps(t.Context(), ui.Env{Doc: doc, API: api, Strings: ui.NewStrings("en")}, ui.AppsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Destroy()
	ui.Golden(t, doc.Tree())
	want := map[string]string{"slack": "Not connected", "pipedrive": "Connected", "weather": "No login required", "gmail": "Connected"}
	for app, badge := range want {
		if got := button(t, card(t, doc, app), "integry-badge").Text(); got != badge {
			t.Errorf("%s badge %q, want %q", app, got, badge)
		}
	}
	// A javascript: icon never becomes an src.
	if strings.Contains(doc.Tree(), "javascript:") {
		t.Errorf("unsafe icon URL rendered")
	}
}

func TestShowAppsSearchDebouncedAndPaged(t *testing.T) {
	t.Parallel()
	doc := uitest.NewDocument()
	api := &fakeAPI{apps: catalog(), pageSize: 2}
	m, err := ui.ShowApps(t.Context(), ui.Env{Doc: doc, API: api}, ui.AppsOptions{PageSize: 2, Mode: ui.ModeModal, LoadMoreButton: true})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Destroy()
	if n := len(doc.Find("integry-app-card")); n != 2 {
		t.Fatalf("first page %d cards", n)
	}
	more := one(t, doc, "integry-load-more")
	if more.HasAttr("hidden") {
		t.Fatal("useLoadMoreButton: the button is hidden with pages left")
	}
	more.Click()
	untilIdle(t, func() bool { return len(doc.Find("integry-app-card")) == 4 })
	more.Click()
	untilIdle(t, func() bool { return len(doc.Find("integry-app-card")) == 5 })
	untilIdle(t, func() bool { return more.HasAttr("hidden") })

	search := doc.Find("integry-search")[0].Children()[1]
	search.Type("s")
	search.Type("sl")
	search.Type("hub")
	if n := doc.RunTimers(); n != 1 {
		t.Fatalf("%d search timers ran, want 1 (debounced)", n)
	}
	untilIdle(t, func() bool { return len(doc.Find("integry-app-card")) == 1 })
	card(t, doc, "hubspot")
	want := strings.Join([]string{
		`ListApps cursor="" search=""`, `ListApps cursor="2" search=""`, `ListApps cursor="4" search=""`,
		`ListApps cursor="" search="hub"`}, "\n")
	if got := api.Calls(); got != want {
		t.Errorf("calls:\n%s\nwant:\n%s", got, want)
	}
}

func TestShowAppsConnect(t *testing.T) {
	t.Parallel()
	doc := uitest.NewDocument()
	fc := &fakeConnect{results: make(chan *sdk.ConnectResult, 1)}
	api := &fakeAPI{apps: catalog()}
	m, err := ui.ShowApps(t.Context(), ui.Env{Doc: doc, API: api, StartConnect: fc.start}, ui.AppsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Destroy()
	button(t, card(t, doc, "slack"), "integry-connect").Click()
	// The popup was opened inside the click, before any waiting.
	if fmt.Sprint(fc.started) != "[slack]" {
		t.Fatalf("StartConnect calls %v", fc.started)
	}
	if !button(t, card(t, doc, "slack"), "integry-connect").HasAttr("disabled") {
		t.Errorf("connect button stays enabled while connecting")
	}
	app := catalog()[0]
	app.ConnectedAccounts = []sdk.ConnectedAccount{{ID: 99, DisplayName: "me@slack"}}
	fc.results <- &sdk.ConnectResult{AccountID: "99", App: &app}
	untilIdle(t, func() bool { return textOf(doc, "slack", "integry-badge") == "Connected" })
	if s := one(t, doc, "integry-status").Text(); s != "Slack connected." {
		t.Errorf("status %q", s)
	}
	// A cancelled connect leaves the card as it was, with the reason.
	button(t, card(t, doc, "hubspot"), "integry-connect").Click()
	fc.results <- nil
	// The status is set before the card is rebuilt: wait for both.
	untilIdle(t, func() bool {
		status := doc.Find("integry-status")
		return len(status) == 1 && strings.Contains(status[0].Text(), "closed by the user") &&
			len(doc.FindIn(card(t, doc, "hubspot"), "integry-connect")) == 1
	})
	if b := button(t, card(t, doc, "hubspot"), "integry-connect"); b.HasAttr("disabled") {
		t.Errorf("hubspot connect disabled after a cancelled connect")
	}
	// A blocked popup is reported at once.
	fc.fail = &sdk.Error{Code: sdk.CodePopupBlocked, Message: "The connect popup was blocked"}
	button(t, card(t, doc, "hubspot"), "integry-connect").Click()
	if s := one(t, doc, "integry-status").Text(); !strings.Contains(s, "blocked") {
		t.Errorf("status %q", s)
	}
}

// A connect or disconnect made elsewhere on the page (connectApp, another
// widget) reaches the cards through the instance's events, which carry the
// re-fetched app: the card follows without a request of its own.
func TestShowAppsFollowsConnectsMadeElsewhere(t *testing.T) {
	t.Parallel()
	doc := uitest.NewDocument()
	events := sdk.NewEmitter()
	api := &fakeAPI{apps: catalog()}
	m, err := ui.ShowApps(t.Context(), ui.Env{Doc: doc, API: api, Events: events}, ui.AppsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	before := api.Calls()
	slack := catalog()[0]
	slack.ConnectedAccounts = []sdk.ConnectedAccount{{ID: 99, DisplayName: "me@slack"}}
	slack.ConnectedAccountID = "99"
	events.Emit(sdk.EventAppConnected, &slack)
	untilIdle(t, func() bool { return textOf(doc, "slack", "integry-badge") == "Connected" })

	pipedrive := catalog()[1]
	pipedrive.ConnectedAccounts = []sdk.ConnectedAccount{}
	pipedrive.ConnectedAccountID = "247714"
	events.Emit(sdk.EventAppDisconnected, &pipedrive)
	untilIdle(t, func() bool { return textOf(doc, "pipedrive", "integry-badge") == "Not connected" })
	if got := api.Calls(); got != before {
		t.Errorf("following the events made requests:\n%s", strings.TrimPrefix(got, before))
	}

	// A closed marketplace listens no more.
	m.Destroy()
	if n := events.Total(); n != 0 {
		t.Errorf("%d event handlers left after Destroy", n)
	}
}

func TestShowAppsDisconnectConfirmed(t *testing.T) {
	t.Parallel()
	doc := uitest.NewDocument()
	api := &fakeAPI{apps: catalog()}
	m, err := ui.ShowApps(t.Context(), ui.Env{Doc: doc, API: api, StartConnect: (&fakeConnect{}).start}, ui.AppsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Destroy()
	button(t, card(t, doc, "pipedrive"), "integry-disconnect").Click()
	c := card(t, doc, "pipedrive")
	if got := button(t, c, "integry-confirm").Text(); !strings.Contains(got, "Disconnect 663----8b1 from Pipedrive?") {
		t.Errorf("confirm text %q", got)
	}
	if !doc.Active().Is(button(t, c, "integry-confirm-no")) {
		t.Errorf("focus should be on Cancel")
	}
	button(t, c, "integry-confirm-no").Click()
	if len(c.FindFunc(func(e *uitest.Element) bool { return e.Attr("class") == "integry-confirm" })) != 0 || api.Calls() != `ListApps cursor="" search=""` {
		t.Fatalf("cancel did not cancel: %s", api.Calls())
	}
	button(t, c, "integry-disconnect").Click()
	button(t, c, "integry-confirm-yes").Click()
	untilIdle(t, func() bool { return textOf(doc, "pipedrive", "integry-badge") == "Not connected" })
	if !strings.HasSuffix(api.Calls(), "Disconnect pipedrive 247714") {
		t.Errorf("calls %s", api.Calls())
	}

	// Multi-account: each account has its own disconnect, plus Add account.
	g := card(t, doc, "gmail")
	var accounts []string
	for _, b := range g.FindFunc(func(e *uitest.Element) bool { return e.Attr("data-account") != "" }) {
		accounts = append(accounts, b.Attr("data-account")+":"+b.Attr("aria-label"))
	}
	if got := strings.Join(accounts, ","); got != "12:Disconnect work@x,11:Disconnect home@x" {
		t.Errorf("gmail accounts %s (newest first)", got)
	}
	button(t, g, "integry-add-account")
	for _, b := range g.FindFunc(func(e *uitest.Element) bool { return e.Attr("data-account") == "11" }) {
		b.Click()
	}
	button(t, card(t, doc, "gmail"), "integry-confirm-yes").Click()
	untilIdle(t, func() bool {
		status := doc.Find("integry-status")
		return strings.HasSuffix(api.Calls(), "Disconnect gmail 11") && len(status) == 1 && status[0].Text() == "home@x disconnected."
	})
}

func TestShowAppsClosesAndCleansUp(t *testing.T) {
	t.Parallel()
	doc := uitest.NewDocument()
	m, err := ui.ShowApps(t.Context(), ui.Env{Doc: doc, API: &fakeAPI{apps: catalog()}}, ui.AppsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	doc.Press("Escape", false)
	<-m.Done()
	if len(doc.Find("integry-root")) != 0 || doc.Body().(*uitest.Element).Listeners() != 0 {
		t.Errorf("marketplace left behind:\n%s", doc.Tree())
	}
	m.Destroy() // twice is fine
}

func TestShowConnectedAccountsInline(t *testing.T) {
	t.Parallel()
	doc := uitest.NewDocument()
	box := doc.CreateElement("div")
	box.SetAttr("id", "accounts")
	doc.Body().Append(box)
	ctx, cancel := context.WithCancel(t.Context())
	m, err := ui.ShowApps(ctx, ui.Env{Doc: doc, API: &fakeAPI{apps: catalog()}, Strings: ui.NewStrings("es")}, ui.AppsOptions{AppName: "gmail", Mode: ui.ModeInline, ContainerID: "accounts"})
	if err != nil {
		t.Fatal(err)
	}
	ui.Golden(t, doc.Tree())
	cancel()
	<-m.Done()
	if len(doc.Find("integry-root")) != 0 {
		t.Errorf("inline marketplace stayed after ctx end")
	}
	if _, err := ui.ShowApps(t.Context(), ui.Env{Doc: doc, API: &fakeAPI{}}, ui.AppsOptions{AppName: "nope"}); sdk.CodeOf(err) != sdk.CodeAppNotFound {
		t.Errorf("unknown app: %v", err)
	}
}

// Layouts: WIDE and NARROW (and the official COMFORTABLE and COMPACT) set
// the widget's layout class; a narrow modal is narrow; anything else is
// refused.
func TestLayouts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		layout ui.Layout
		class  string
	}{{"", "integry-layout-wide"}, {"COMFORTABLE", "integry-layout-wide"}, {"narrow", "integry-layout-narrow"}, {"COMPACT", "integry-layout-narrow"}} {
		doc := uitest.NewDocument()
		m, err := ui.ShowApps(t.Context(), ui.Env{Doc: doc, API: &fakeAPI{apps: catalog()}}, ui.AppsOptions{Layout: tc.layout})
		if err != nil {
			t.Fatal(err)
		}
		if got := one(t, doc, "integry-apps").Attr("class"); got != "integry-apps "+tc.class {
			t.Errorf("%q: class %q", tc.layout, got)
		}
		if narrow := len(doc.Find("integry-modal-narrow")) == 1; narrow != (tc.class == "integry-layout-narrow") {
			t.Errorf("%q: narrow modal %v", tc.layout, narrow)
		}
		m.Destroy()
	}
	if _, err := ui.ShowApps(t.Context(), ui.Env{Doc: uitest.NewDocument(), API: &fakeAPI{apps: catalog()}}, ui.AppsOptions{Layout: "HUGE"}); sdk.CodeOf(err) != sdk.CodeInvalidArgument {
		t.Errorf("layout HUGE: %v", err)
	}
}

// showApp: the app's page, with its icon and title as the heading, every
// account listed with Disconnect (even a single one), Connect while there
// is none.
func TestShowAppConnectsAndDisconnects(t *testing.T) {
	t.Parallel()
	doc := uitest.NewDocument()
	api := &fakeAPI{apps: catalog()}
	fc := &fakeConnect{results: make(chan *sdk.ConnectResult, 1)}
	m, err := ui.ShowApp(t.Context(), ui.Env{Doc: doc, API: api, StartConnect: fc.start}, "slack", ui.AppsOptions{Layout: ui.LayoutNarrow})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Destroy()
	if got := one(t, doc, "integry-modal-title").Text(); got != "Slack" {
		t.Errorf("title %q", got)
	}
	if one(t, doc, "integry-modal-icon").Attr("src") != "https://cdn.test/slack.png" || one(t, doc, "integry-apps").Attr("class") != "integry-apps integry-app-page integry-layout-narrow" {
		t.Errorf("page heading:\n%s", doc.Tree())
	}
	if !strings.Contains(card(t, doc, "slack").Text(), "No account connected yet.") {
		t.Errorf("no empty state:\n%s", doc.Tree())
	}
	button(t, card(t, doc, "slack"), "integry-connect").Click()
	t0 := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)
	fc.results <- &sdk.ConnectResult{AccountID: "77", App: &sdk.App{ID: 1, Name: "slack", Title: "Slack", LoginURL: "https://sb.test/login/slack",
		ConnectedAccounts: []sdk.ConnectedAccount{{ID: 77, DisplayName: "me@slack", ModifiedAt: t0}}}}
	// A single account is listed with its own Disconnect. (The badge comes
	// before the account row as the card is rebuilt: wait for both.)
	untilIdle(t, func() bool {
		return textOf(doc, "slack", "integry-badge") == "Connected" && textOf(doc, "slack", "integry-account") == "me@slackDisconnect"
	})
	api.mu.Lock()
	api.apps[0].ConnectedAccounts = []sdk.ConnectedAccount{{ID: 77, DisplayName: "me@slack", ModifiedAt: t0}}
	api.mu.Unlock()
	button(t, card(t, doc, "slack"), "integry-disconnect").Click()
	button(t, card(t, doc, "slack"), "integry-confirm-yes").Click()
	untilIdle(t, func() bool { return textOf(doc, "slack", "integry-badge") == "Not connected" })
	if got := api.Calls(); !strings.Contains(got, "Disconnect slack 77") {
		t.Errorf("calls %s", got)
	}
	if _, err := ui.ShowApp(t.Context(), ui.Env{Doc: doc, API: api}, " ", ui.AppsOptions{}); sdk.CodeOf(err) != sdk.CodeInvalidArgument {
		t.Errorf("no app name: %v", err)
	}
}

// Without useLoadMoreButton (the official default) there is no button: the
// next page comes when the list is scrolled near its end, and after a paint
// while the list still ends within reach; after the last page nothing asks
// for more (docs/protocol.md#surface-options).
func TestShowAppsInfiniteScroll(t *testing.T) {
	t.Parallel()
	doc := uitest.NewDocument()
	api := &fakeAPI{apps: catalog(), pageSize: 2}
	m, err := ui.ShowApps(t.Context(), ui.Env{Doc: doc, API: api}, ui.AppsOptions{PageSize: 2, Mode: ui.ModeModal})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Destroy()
	if !one(t, doc, "integry-load-more").HasAttr("hidden") {
		t.Error("the Load more button shows without useLoadMoreButton")
	}
	dialog := one(t, doc, "integry-modal")
	// The first page overflows the modal: scrolling far from the end loads
	// nothing, and neither does the paint.
	dialog.ScrollTo(500)
	doc.WaitPaint()
	if got := api.Calls(); got != `ListApps cursor="" search=""` {
		t.Fatalf("calls before scrolling near the end:\n%s", got)
	}
	dialog.ScrollTo(100)
	untilIdle(t, func() bool { return len(doc.Find("integry-app-card")) == 4 })
	// Still within reach of the end: the paint after the page loads the
	// next, the last one, after which nothing asks for more.
	doc.WaitPaint()
	untilIdle(t, func() bool { return len(doc.Find("integry-app-card")) == 5 })
	dialog.ScrollTo(0)
	want := strings.Join([]string{`ListApps cursor="" search=""`, `ListApps cursor="2" search=""`, `ListApps cursor="4" search=""`}, "\n")
	if got := api.Calls(); got != want {
		t.Errorf("calls:\n%s\nwant:\n%s", got, want)
	}
}

// options.title replaces the marketplace's heading; authOnly keeps every
// app (it is the apps-only marketplace, not a filter of no-login apps).
func TestShowAppsTitleAndAuthOnly(t *testing.T) {
	t.Parallel()
	doc := uitest.NewDocument()
	m, err := ui.ShowApps(t.Context(), ui.Env{Doc: doc, API: &fakeAPI{apps: catalog()}}, ui.AppsOptions{Title: "Integrations", AuthOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Destroy()
	if got := one(t, doc, "integry-modal-title").Text(); got != "Integrations" {
		t.Errorf("title %q", got)
	}
	card(t, doc, "weather") // needs no login, and is shown
}
