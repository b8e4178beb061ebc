//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/integry-go/integry/internal/browsertest"
	"github.com/integry-go/integry/sandbox"
)

// wayIn is one way into the SDK, as the journey drives it. Every page under
// test shares one contract: body[data-sdk="ready"] once the SDK said
// ready; showApps inline in #marketplace; buttons #show-form (the
// slack-post-message form, prefilled), #invoke, #next-page and
// #disconnect; #result with data-kind (form, result, …) and data-page; an
// event log #event-log whose entries carry data-event and a <pre> with the
// payload as JSON.
type wayIn struct {
	// url is the page to open.
	url string
	// pick selects a function in the page before a step, for pages that
	// have a picker (the demo); nil for pages with one button per step.
	pick func(e *env, function string)
	// persons is the button that fetches the first page of
	// pipedrive-get-all-persons (after pick, if any).
	persons string
}

// loggedEvent is one entry of the page's event log.
type loggedEvent struct {
	Name    string          `json:"name"`
	Payload json.RawMessage `json:"payload"`
}

// eventApp is the app object of app-connected and app-disconnected.
type eventApp struct {
	ID                 int64           `json:"id"`
	Name               string          `json:"name"`
	Title              string          `json:"title"`
	LoginURL           *string         `json:"login_url"`
	ConnectedAccountID json.RawMessage `json:"connected_account_id"`
	ConnectedAccounts  []eventAccount  `json:"connected_accounts"`
}

type eventAccount struct {
	ID          int64     `json:"id"`
	DisplayName string    `json:"display_name"`
	ModifiedAt  time.Time `json:"modified_at"`
}

// journeyReport is what a journey measured.
type journeyReport struct {
	ready     time.Duration // from Navigate until the test saw ready
	pageReady time.Duration // the demo's own measure: navigation start to ready
	total     time.Duration
	personsN  int
	pages     int
}

// connectPipedrive connects a Pipedrive account for user through the
// consent endpoint, without a browser, for the tests that are about
// something else (the journey connects it through the page). The test adds
// nothing to it: the persons a page pages through are the sandbox's sample
// data (sandbox.SamplePersons), which a new account starts with, as under
// `make demo`.
func (e *env) connectPipedrive(user string) {
	e.t.Helper()
	e.sb.Connect(e.t, user, "pipedrive", "sales@acme.example")
}

// journey drives one way in from page load to disconnect, checking each
// step's visible outcome.
func (e *env) journey(w wayIn, user string) journeyReport {
	t := e.t
	t.Helper()
	const persons = sandbox.SamplePersons
	var rep journeyReport
	start := time.Now()

	e.do("open the page", navigate(w.url))
	e.do("wait for the SDK's ready event", visible(css(`body[data-sdk="ready"]`)))
	rep.ready = time.Since(start)
	if ms := eval[string](e, `document.body.dataset.readyMs || ""`); ms != "" {
		if n, err := strconv.Atoi(ms); err == nil {
			rep.pageReady = time.Duration(n) * time.Millisecond
		}
	}

	// The marketplace, rendered by showApps inside the page.
	slackCard := `#marketplace li.integry-app-card[data-app="slack"]`
	e.do("the marketplace lists Slack with a Connect button", visible(css(slackCard+` button.integry-connect`)))

	// Connect Slack through the consent popup, from the marketplace card.
	e.connectThroughPopup("slack", click(css(slackCard+` button.integry-connect`)))
	e.do("app-connected reaches the event log", visible(css(`#event-log [data-event="app-connected"]`)))
	slackID := e.onlyAccount(user, "slack")

	// The function form, prefilled from the page's parameters.
	if w.pick != nil {
		w.pick(e, "slack-post-message")
	}
	dialog := `[role="dialog"] form.integry-form`
	e.do("open the function form", click(css(`#show-form`)), visible(css(dialog)))
	prefill := eval[map[string]string](e, `(() => {
		const f = document.querySelector('[role="dialog"] form.integry-form');
		return { text: f.elements.namedItem("text").value, channel: f.elements.namedItem("channel").value };
	})()`)
	if prefill["text"] != "Hello, team!" || prefill["channel"] != "C01GENERAL" {
		t.Errorf("the form is not prefilled with the page's params: %v", prefill)
	}
	e.do("submit the form", click(css(`[role="dialog"] button.integry-submit`)),
		visible(css(`#result[data-kind="form"]`)))
	var filled map[string]any
	e.resultJSON(&filled)
	if filled["text"] != "Hello, team!" || filled["channel"] != "C01GENERAL" {
		t.Errorf("showFunctionUI resolved %v, want the prefilled text and channel", filled)
	}
	e.do("the form closes after submit", gone(css(dialog)))

	// Invoke with the form's values: Slack answers through the sandbox.
	e.do("invoke slack-post-message", click(css(`#invoke`)), visible(css(`#result[data-kind="result"]`)))
	var posted struct {
		NetworkCode string `json:"network_code"`
		Output      struct {
			OK      bool `json:"ok"`
			Message struct {
				Text string `json:"text"`
			} `json:"message"`
		} `json:"output"`
	}
	e.resultJSON(&posted)
	if posted.NetworkCode != "200" || !posted.Output.OK || posted.Output.Message.Text != "Hello, team!" {
		t.Errorf("invokeFunction result = %+v, want network_code 200 and the posted message", posted)
	}
	if !slices.ContainsFunc(e.sb.Calls(t, user), func(c sandbox.Call) bool { return c.Function == "slack-post-message" }) {
		t.Errorf("the sandbox's call log has no slack-post-message call")
	}

	// Connect Pipedrive from its marketplace card, as a person would: a new
	// account starts with the sandbox's sample persons, nothing is added.
	pipedriveCard := `#marketplace li.integry-app-card[data-app="pipedrive"]`
	e.connectThroughPopup("pipedrive", click(css(pipedriveCard+` button.integry-connect`)))
	e.do("the Pipedrive card shows it connected", visible(css(pipedriveCard+` .integry-badge-connected`)))

	// Pipedrive persons, two per page, over every page.
	if w.pick != nil {
		w.pick(e, "pipedrive-get-all-persons")
	}
	seen := map[int64]bool{}
	for page := 1; ; page++ {
		button := `#next-page`
		if page == 1 {
			button = w.persons
		}
		e.do(fmt.Sprintf("fetch page %d of the persons", page), click(css(button)),
			visible(css(fmt.Sprintf(`#result[data-kind="result"][data-page="%d"]`, page))))
		var res struct {
			NetworkCode string `json:"network_code"`
			Output      []struct {
				ID   int64  `json:"id"`
				Name string `json:"name"`
			} `json:"output"`
			NextPage string `json:"next_page"`
		}
		e.resultJSON(&res)
		if res.NetworkCode != "200" || len(res.Output) == 0 || len(res.Output) > 2 {
			t.Fatalf("page %d: network_code %q with %d persons, want 200 with 1–2", page, res.NetworkCode, len(res.Output))
		}
		for _, p := range res.Output {
			if seen[p.ID] {
				t.Errorf("page %d repeats person %d", page, p.ID)
			}
			seen[p.ID] = true
		}
		rep.pages = page
		if res.NextPage == "" {
			break
		}
		if page > persons {
			t.Fatalf("still a next_page after %d pages", page)
		}
	}
	rep.personsN = len(seen)
	if rep.pages < 3 || rep.personsN != persons {
		t.Errorf("paged over %d pages and %d persons, want ≥3 pages and all %d persons", rep.pages, rep.personsN, persons)
	}
	if enabled := eval[bool](e, `!document.querySelector("#next-page").disabled`); enabled {
		t.Errorf("Next page is still enabled after the last page")
	}

	// Disconnect Slack.
	if w.pick != nil {
		w.pick(e, "slack-post-message")
	}
	e.do("disconnect Slack", enabled(css(`#disconnect`)), click(css(`#disconnect`)),
		visible(css(`#event-log [data-event="app-disconnected"]`)))
	if ok, err := e.sb.Client(t, user).IsAppConnected(t.Context(), "slack"); err != nil || ok {
		t.Errorf("after disconnect the sandbox says slack connected = %v (%v)", ok, err)
	}

	// The events, with the payloads docs/protocol.md#events promises.
	e.checkConnectEvents(slackID)
	rep.total = time.Since(start)
	return rep
}

// connectThroughPopup runs click (a real user click that calls connectApp),
// waits for the consent popup of app, and presses Allow in it (a trusted
// click too). The popup is never closed by the test: the consent page posts
// its result and closes itself after Allow.
func (e *env) connectThroughPopup(app string, click step) {
	e.t.Helper()
	e.do("click Connect "+app, click)
	ctx, cancel := context.WithTimeout(e.t.Context(), 45*time.Second)
	defer cancel()
	popup, err := e.popup(ctx, "/sandbox/login/"+app)
	if err != nil {
		e.t.Fatalf("%v for %s (%s): %v\n%s", errNoPopup, app, e.b.Engine(), err, e.snapshot())
	}
	allow := `document.querySelector('button[value="allow"]')`
	if err := waitInPopup(ctx, popup, allow); err != nil {
		e.t.Fatalf("the %s consent popup shows no Allow (%s): %v\n%s", app, e.b.Engine(), err, e.snapshot())
	}
	if err := popup.Click(ctx, allow); err != nil {
		e.t.Fatalf("pressing Allow in the %s consent popup (%s): %v\n%s", app, e.b.Engine(), err, e.snapshot())
	}
}

// popup waits for a popup whose address contains urlPart.
func (e *env) popup(ctx context.Context, urlPart string) (browsertest.Page, error) {
	for {
		ps, err := e.b.Popups(ctx)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if u, err := p.URL(ctx); err == nil && strings.Contains(u, urlPart) {
				return p, nil
			}
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// waitInPopup waits until the element el (a JavaScript expression) is
// rendered in the popup; evaluations that fail while it navigates are
// retried.
func waitInPopup(ctx context.Context, p browsertest.Page, el string) error {
	for {
		var ok bool
		err := p.Eval(ctx, `((el) => !!el && el.getClientRects().length > 0)(`+el+`)`, &ok)
		if err == nil && ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w (last: %v)", el, ctx.Err(), err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// onlyAccount returns the ID of user's one account of app, as a string.
func (e *env) onlyAccount(user, app string) string {
	e.t.Helper()
	accs, err := e.sb.Client(e.t, user).ConnectedAccounts(e.t.Context(), app)
	if err != nil || len(accs) != 1 {
		e.t.Fatalf("%s accounts of %s: %v (%v), want exactly one", app, user, accs, err)
	}
	return strconv.FormatInt(accs[0].ID, 10)
}

// resultJSON decodes the JSON shown in #result.
func (e *env) resultJSON(v any) {
	e.t.Helper()
	text := eval[string](e, `document.querySelector("#result").textContent`)
	if err := json.Unmarshal([]byte(text), v); err != nil {
		e.t.Fatalf("#result is not the JSON expected: %v\n%s", err, text)
	}
}

// events returns the page's event log.
func (e *env) events() []loggedEvent {
	return eval[[]loggedEvent](e, `[...document.querySelectorAll("#event-log [data-event]")].map((li) => ({
		name: li.dataset.event, payload: JSON.parse(li.querySelector("pre").textContent) }))`)
}

// checkConnectEvents checks app-connected and app-disconnected against
// docs/protocol.md#events: the app with its accounts, newest first, plus the
// string connected_account_id of the account added or removed.
func (e *env) checkConnectEvents(accountID string) {
	t := e.t
	t.Helper()
	var connected, disconnected []eventApp
	for _, ev := range e.events() {
		var a eventApp
		switch ev.Name {
		case "app-connected", "app-disconnected":
			if err := json.Unmarshal(ev.Payload, &a); err != nil {
				t.Errorf("%s payload %s: %v", ev.Name, ev.Payload, err)
				continue
			}
		default:
			continue
		}
		if a.Name != "slack" {
			continue // the journey's Pipedrive connect; its events are Slack's shape
		}
		if ev.Name == "app-connected" {
			connected = append(connected, a)
		} else {
			disconnected = append(disconnected, a)
		}
	}
	want := strconv.Quote(accountID)
	if len(connected) != 1 {
		t.Fatalf("%d app-connected events, want 1", len(connected))
	}
	c := connected[0]
	if c.Name != "slack" || string(c.ConnectedAccountID) != want {
		t.Errorf("app-connected is for %q with connected_account_id %s, want slack and %s (a string)", c.Name, c.ConnectedAccountID, want)
	}
	if c.ID == 0 || c.Title != "Slack" || c.LoginURL == nil {
		t.Errorf("app-connected's payload is not the whole app object (id %d, title %q, login_url present %v)", c.ID, c.Title, c.LoginURL != nil)
	}
	if !slices.ContainsFunc(c.ConnectedAccounts, func(a eventAccount) bool {
		return strconv.FormatInt(a.ID, 10) == accountID
	}) {
		t.Errorf("app-connected's connected_accounts %+v lack the new account %s", c.ConnectedAccounts, accountID)
	}
	for i := 1; i < len(c.ConnectedAccounts); i++ {
		if c.ConnectedAccounts[i].ModifiedAt.After(c.ConnectedAccounts[i-1].ModifiedAt) {
			t.Errorf("app-connected's accounts are not newest first: %+v", c.ConnectedAccounts)
		}
	}
	if len(disconnected) != 1 {
		t.Fatalf("%d app-disconnected events, want 1", len(disconnected))
	}
	d := disconnected[0]
	if d.Name != "slack" || string(d.ConnectedAccountID) != want {
		t.Errorf("app-disconnected is for %q with connected_account_id %s, want slack and %s (a string)", d.Name, d.ConnectedAccountID, want)
	}
	if d.ID != c.ID || d.Title != "Slack" || d.LoginURL == nil {
		t.Errorf("app-disconnected's payload is not the whole app object (id %d, title %q, login_url present %v)", d.ID, d.Title, d.LoginURL != nil)
	}
	for _, a := range d.ConnectedAccounts {
		if strconv.FormatInt(a.ID, 10) == accountID {
			t.Errorf("app-disconnected still lists the removed account %s", accountID)
		}
	}
}
