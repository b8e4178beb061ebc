//go:build !js

package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/integry-go/integry/internal/browsertest"
	"github.com/integry-go/integry/sandbox"
	"github.com/integry-go/integry/sandbox/sandboxtest"
)

// componentsEnv serves web/examples under /examples/ and the npm package's
// sources (elements.js and bindings.js among them) under /npm/ on the page
// origin, and the built bundle at /sdk/ on the sandbox, as `make demo` does.
func componentsEnv(t *testing.T) *env {
	dist := bundle(t)
	e := newEnv(t, sandboxtest.WithMount("/sdk/", os.DirFS(dist)))
	e.serve("/examples/", os.DirFS(filepath.Join(repoRoot, "web", "examples")))
	e.serve("/npm/", os.DirFS(filepath.Join(repoRoot, "web", "npm")))
	return e
}

// TestComponentsJourney runs web/examples/components, the four elements on
// a plain page, through the journey: the marketplace, connect Slack with
// <integry-connect-button> through the consent popup, the live
// <integry-app>, the form with submit, invoke and paging, disconnect from
// <integry-app>; and checks the DOM events that bubbled to the document
// against the instance's own events.
func TestComponentsJourney(t *testing.T) {
	e := componentsEnv(t)
	const user = "e2e-components"
	start := time.Now()

	e.do("open the page", navigate(e.exampleURL(e.pageURL+"/examples/components/", user)),
		visible(css(`body[data-sdk="ready"]`)))
	e.do("<integry-apps> lists Slack", visible(css(`integry-apps#marketplace li.integry-app-card[data-app="slack"]`)))
	e.do("<integry-app> shows Slack not connected", visible(shadow("#slack-app", `[part~="badge"]:not([part~="connected"])`)),
		visible(shadow("#slack-app", `[part~="connect-button"]`)))
	if label := eval[string](e, `document.querySelector("#connect-slack").shadowRoot.querySelector("button").textContent`); label != "Connect Slack" {
		t.Errorf("the connect button says %q, want %q", label, "Connect Slack")
	}

	// Connect: a real click on the element; its shadow button calls connectApp.
	e.connectThroughPopup("slack", click(css(`#connect-slack`)))
	e.do("app-connected on the instance and integry-connected from each element", visible(css(`#event-log [data-event="app-connected"]`)),
		visible(css(`#event-log [data-event="integry-connected"][data-from="integry-connect-button"]`)),
		visible(css(`#event-log [data-event="integry-connected"][data-from="integry-app"]`)),
		visible(css(`#event-log [data-event="integry-connected"][data-from="integry-apps"]`)))
	slackID := e.onlyAccount(user, "slack")
	e.do("<integry-app> lists the new account", visible(shadow("#slack-app", `[part~="account"] [part~="disconnect-button"][data-account="`+slackID+`"]`)),
		visible(shadow("#slack-app", `[part~="badge"][part~="connected"]`)))
	e.do("<integry-connect-button> reflects the connection", present(css(`#connect-slack[connected]`)))

	// The form, prefilled from the params property; submit fires integry-submit.
	form := `#form form.integry-form`
	e.do("the form renders inline", visible(css(form)))
	prefill := eval[map[string]string](e, `(() => {
		const f = document.querySelector("#form form.integry-form");
		return { text: f.elements.namedItem("text").value, channel: f.elements.namedItem("channel").value, asUser: String(!!f.elements.namedItem("as_user")) };
	})()`)
	if prefill["text"] != "Hello, team!" || prefill["channel"] != "C01GENERAL" {
		t.Errorf("the form is not prefilled from the params property: %v", prefill)
	}
	if prefill["asUser"] != "false" {
		t.Errorf("hidden-fields=as_user did not hide the as_user field")
	}
	e.typeInto(`#form textarea[name="text"]`, "Hello from a Web Component")
	e.do("submit the form", click(css(`#form button.integry-submit`)),
		visible(css(`#result[data-kind="form"]`)),
		visible(css(`#event-log [data-event="integry-submit"][data-from="integry-function-form"]`)))
	var filled map[string]any
	e.resultJSON(&filled)
	if filled["text"] != "Hello from a Web Component" || filled["channel"] != "C01GENERAL" {
		t.Errorf("integry-submit carried %v, want the edited text and the channel", filled)
	}
	e.do("a fresh form follows, prefilled with what was sent", visible(css(form)))
	if again := eval[string](e, `document.querySelector("#form textarea[name=text]").value`); again != "Hello from a Web Component" {
		t.Errorf("the fresh form holds %q", again)
	}
	if n := eval[int](e, `document.querySelectorAll("#form form.integry-form").length`); n != 1 {
		t.Errorf("%d forms in <integry-function-form>, want 1", n)
	}

	// Invoke with the submitted values, then page through the persons.
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
	if posted.NetworkCode != "200" || !posted.Output.OK || posted.Output.Message.Text != "Hello from a Web Component" {
		t.Errorf("invokeFunction result = %+v, want network_code 200 and the submitted text", posted)
	}
	// Connect Pipedrive from <integry-apps>, as a person would: a new
	// account starts with the sandbox's sample persons.
	pipedriveCard := `integry-apps#marketplace li.integry-app-card[data-app="pipedrive"]`
	e.connectThroughPopup("pipedrive", click(css(pipedriveCard+` button.integry-connect`)))
	e.do("<integry-apps> shows Pipedrive connected", visible(css(pipedriveCard+` .integry-badge-connected`)))
	pages, persons := e.pagePersons(`#list-persons`, `#next-page`, sandbox.SamplePersons)
	if pages < 3 || persons != sandbox.SamplePersons {
		t.Errorf("paged over %d pages and %d persons, want ≥3 pages and the sample's %d", pages, persons, sandbox.SamplePersons)
	}

	// Disconnect from <integry-app>: Disconnect, then confirm.
	e.do("ask to disconnect", click(shadow("#slack-app", `[part~="account"] [part~="disconnect-button"][data-account="`+slackID+`"]`)),
		visible(shadow("#slack-app", `[part~="confirm-yes"]`)))
	if focused := eval[string](e, `document.querySelector("#slack-app").shadowRoot.activeElement?.getAttribute("part") || ""`); !strings.Contains(focused, "confirm-no") {
		t.Errorf("the focus is on %q while confirming, want the safe choice (confirm-no)", focused)
	}
	e.do("confirm", click(shadow("#slack-app", `[part~="confirm-yes"]`)),
		visible(css(`#event-log [data-event="app-disconnected"]`)),
		visible(css(`#event-log [data-event="integry-disconnected"][data-from="integry-app"]`)),
		visible(shadow("#slack-app", `[part~="badge"]:not([part~="connected"])`)))
	if ok, err := e.sb.Client(t, user).IsAppConnected(t.Context(), "slack"); err != nil || ok {
		t.Errorf("after disconnect the sandbox says slack connected = %v (%v)", ok, err)
	}
	if connected := eval[bool](e, `document.querySelector("#connect-slack").hasAttribute("connected")`); connected {
		t.Errorf("<integry-connect-button> still says connected after the disconnect")
	}

	e.checkConnectEvents(slackID)
	e.checkDOMEvents(slackID)
	e.noConsoleErrors(nil)
	t.Logf("components: journey in %v, %d persons over %d pages", time.Since(start), persons, pages)
}

// typeInto sets the value of the field sel as typing would (an input event).
func (e *env) typeInto(sel, value string) {
	e.t.Helper()
	js := fmt.Sprintf(`(() => { const f = document.querySelector(%s); f.value = %s; f.dispatchEvent(new Event("input", { bubbles: true })); return true; })()`,
		strconv.Quote(sel), strconv.Quote(value))
	if !eval[bool](e, js) {
		e.t.Fatalf("typing into %s failed", sel)
	}
}

// checkDOMEvents checks that every integry-connected and
// integry-disconnected event that bubbled to the document carried the same
// payload as the instance's app-connected and app-disconnected, once per
// element that shows the app.
func (e *env) checkDOMEvents(accountID string) {
	t := e.t
	t.Helper()
	type entry struct {
		Name    string          `json:"name"`
		From    string          `json:"from"`
		Payload json.RawMessage `json:"payload"`
	}
	entries := eval[[]entry](e, `[...document.querySelectorAll("#event-log [data-event]")].map((li) => ({
		name: li.dataset.event, from: li.dataset.from || "", payload: JSON.parse(li.querySelector("pre").textContent) }))`)
	payload := map[string]string{}
	from := map[string][]string{}
	// The journey's Pipedrive connect is left out: these checks are about Slack.
	entries = slices.DeleteFunc(entries, func(en entry) bool {
		var about struct {
			Name string `json:"name"`
		}
		return json.Unmarshal(en.Payload, &about) == nil && about.Name == "pipedrive"
	})
	for _, en := range entries {
		switch en.Name {
		case "app-connected", "app-disconnected":
			payload[en.Name] = string(en.Payload)
		case "integry-connected", "integry-disconnected":
			from[en.Name] = append(from[en.Name], en.From)
			var a eventApp
			if err := json.Unmarshal(en.Payload, &a); err != nil || a.Name != "slack" || string(a.ConnectedAccountID) != strconv.Quote(accountID) {
				t.Errorf("%s from <%s> carried %s, want slack with connected_account_id %q", en.Name, en.From, en.Payload, accountID)
			}
		case "integry-error":
			t.Errorf("an element fired integry-error: %s", en.Payload)
		}
	}
	for dom, sdk := range map[string]string{"integry-connected": "app-connected", "integry-disconnected": "app-disconnected"} {
		for _, en := range entries {
			if en.Name == dom && string(en.Payload) != payload[sdk] {
				t.Errorf("%s from <%s> differs from the instance's %s:\n  %s\n  %s", dom, en.From, sdk, en.Payload, payload[sdk])
			}
		}
	}
	want := []string{"integry-app", "integry-apps", "integry-connect-button"}
	for _, name := range []string{"integry-connected", "integry-disconnected"} {
		got := slices.Sorted(slices.Values(from[name]))
		if !slices.Equal(got, want) {
			t.Errorf("%s came from %v, want once from each of %v", name, got, want)
		}
	}
}

// pagePersons clicks first, then next until the result has no next_page,
// checking each page of pipedrive-get-all-persons (two a page, no person
// twice) in #result. It returns the pages and persons seen.
func (e *env) pagePersons(first, next string, max int) (pages, persons int) {
	t := e.t
	t.Helper()
	seen := map[int64]bool{}
	for page := 1; ; page++ {
		button := next
		if page == 1 {
			button = first
		}
		e.do(fmt.Sprintf("fetch page %d of the persons", page), enabled(css(button)), click(css(button)),
			visible(css(fmt.Sprintf(`#result[data-kind="result"][data-page="%d"]`, page))))
		var res struct {
			NetworkCode string `json:"network_code"`
			Output      []struct {
				ID int64 `json:"id"`
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
		if res.NextPage == "" {
			if enabled := eval[bool](e, `!document.querySelector(`+strconv.Quote(next)+`).disabled`); enabled {
				t.Errorf("%s is still enabled after the last page", next)
			}
			return page, len(seen)
		}
		if page > max {
			t.Fatalf("still a next_page after %d pages", page)
		}
	}
}

// TestComponentsLifecycle adds one of each element to a page, then removes
// them: every handler they put on the instance's eventEmitter is taken off,
// their DOM goes, the live js.Func count is back where it was, and no
// element fires anything afterwards. It also checks instance resolution
// (own property, ancestor, default) and re-rendering on attribute changes.
func TestComponentsLifecycle(t *testing.T) {
	e := componentsEnv(t)
	const user = "e2e-components-life"
	e.sb.Connect(t, user, "pipedrive", "sales@acme.example")
	e.mount("/fixture/", fixture(lifecyclePage))
	e.do("open the fixture", navigate(e.pageURL+"/fixture/?user="+user), visible(css(`body[data-sdk="ready"]`)))

	type counts struct {
		Handlers   int `json:"handlers"`
		LiveFuncs  int `json:"liveFuncs"`
		Instances  int `json:"instances"`
		Slots      int `json:"slots"`
		Forms      int `json:"forms"`
		Marketplac int `json:"marketplaces"`
	}
	const counting = `({
		handlers: window.handlers(), liveFuncs: __integryWasm.stats().liveFuncs, instances: __integryWasm.stats().instances,
		slots: document.querySelectorAll('[id^="integry-slot-"]').length, forms: document.querySelectorAll("form.integry-form").length,
		marketplaces: document.querySelectorAll(".integry-apps").length })`
	const measure = `new Promise((r) => setTimeout(r, 50)).then(() => ` + counting + `)`
	before := eval[counts](e, measure)

	e.do("add one of each element", click(css(`#add`)),
		visible(css(`#box integry-apps li.integry-app-card[data-app="pipedrive"]`)),
		visible(css(`#box integry-function-form form.integry-form`)),
		visible(shadow("#box integry-app", `[part~="badge"][part~="connected"]`)),
		present(css(`#box integry-connect-button[connected]`)))
	during := eval[counts](e, measure)
	if during.Handlers <= before.Handlers {
		t.Fatalf("the elements registered no handlers (%d before, %d with them): the check proves nothing", before.Handlers, during.Handlers)
	}

	// Which instance: the own property wins over the ancestor's, which wins
	// over the default (here: the page's "other" instance for a bad user).
	who := eval[map[string]bool](e, `({
		own: document.querySelector("#own").integry === window.integry,
		ancestorSeen: document.querySelector("#box integry-app").integry === null,
	})`)
	if !who["own"] || !who["ancestorSeen"] {
		t.Errorf("instance resolution: %v", who)
	}
	e.do("an element under the ancestor with the good instance renders its account", visible(shadow("#box integry-app", `[part~="account"]`)))
	e.do("an element with no instance of its own nor an ancestor's uses the default", visible(shadow("#orphan", `[part~="error"]:not([hidden])`)))
	if code := eval[string](e, `window.orphanError`); code != "unauthorized" {
		t.Errorf("the orphan's integry-error code = %q, want unauthorized (the default instance has a bad hash)", code)
	}

	// Attributes re-render: another function, another app.
	eval[bool](e, `(() => {
		document.querySelector("#box integry-function-form").setAttribute("function", "pipedrive-add-a-person");
		document.querySelector("#box integry-app").app = "open-meteo";
		return true;
	})()`)
	e.do("the form and the app follow their attributes",
		visible(css(`#box integry-function-form form.integry-form input[name="name"]`)),
		visible(shadow("#box integry-app", `[part~="title"]`)))
	if title := eval[string](e, pollJS(`document.querySelector("#box integry-app").shadowRoot.querySelector('[part~="title"]').textContent`, `v === "Open-Meteo"`)); title != "Open-Meteo" {
		t.Errorf("<integry-app> shows %q after app=open-meteo", title)
	}
	if n := eval[int](e, `document.querySelectorAll("#box integry-function-form form.integry-form").length`); n != 1 {
		t.Errorf("%d forms after changing the function attribute, want 1", n)
	}

	e.do("remove the elements", click(css(`#remove`)))
	after := eval[counts](e, pollJS(counting,
		`v.handlers === `+strconv.Itoa(before.Handlers)+` && v.liveFuncs === `+strconv.Itoa(before.LiveFuncs)+` && v.slots === `+strconv.Itoa(before.Slots)))
	t.Logf("before %+v, with the elements %+v, after removing them %+v", before, during, after)
	if after.Handlers != before.Handlers {
		t.Errorf("eventEmitter handlers: %d before, %d after removing the elements", before.Handlers, after.Handlers)
	}
	if after.LiveFuncs != before.LiveFuncs {
		t.Errorf("live js.Funcs: %d before, %d after removing the elements", before.LiveFuncs, after.LiveFuncs)
	}
	if after.Slots != before.Slots || after.Forms != before.Forms || after.Marketplac != before.Marketplac {
		t.Errorf("widgets left in the page: %+v, before %+v", after, before)
	}
	// Removed elements fire nothing: disconnect pipedrive from the page's
	// instance (#own, still in the page, hears it; the removed ones must not).
	fired := eval[map[string]int](e, `window.integry.disconnectApp("pipedrive").then(() => `+
		pollJS(`({ removed: window.firedRemoved.length, own: window.firedOwn })`, `v.own >= 1`)+`)`)
	if fired["removed"] != 0 || fired["own"] != 1 {
		t.Errorf("after a disconnect the removed elements fired %d events and #own %d; want 0 and 1", fired["removed"], fired["own"])
	}
	// A moved element keeps its widget: no second marketplace, no new handlers.
	moved := eval[map[string]int](e, `(async () => {
		const tick = () => new Promise((r) => setTimeout(r, 300));
		const a = document.createElement("integry-apps");
		document.querySelector("#box").append(a);
		await tick();
		const h0 = window.handlers();
		document.querySelector("#elsewhere").append(a); // disconnect + connect in one task
		await tick();
		return { marketplaces: a.querySelectorAll(".integry-apps").length, slots: a.querySelectorAll('[id^="integry-slot-"]').length, handlers: window.handlers() - h0 };
	})()`)
	if moved["marketplaces"] != 1 || moved["slots"] != 1 || moved["handlers"] != 0 {
		t.Errorf("after a move: %v, want one marketplace in one slot and no new handlers", moved)
	}
	e.noConsoleErrors(networkStatus(403)) // the default instance's bad hash
}

// TestComponentsTheming checks the theming hooks in light and dark: the
// palette's defaults reach the widgets inside the elements, a
// --integry-* property set by the page on an ancestor or on the element
// wins over them in both schemes, and ::part() styles the pieces in shadow
// roots.
func TestComponentsTheming(t *testing.T) {
	browsertest.ChromiumOnly(t) // emulates prefers-color-scheme through the DevTools protocol
	e := componentsEnv(t)
	const user = "e2e-components-theme"
	e.mount("/fixture/", fixture(themingPage))
	type look struct {
		PlainAccent  string `json:"plainAccent"`  // a core button inside <integry-apps> without overrides
		BrandAccent  string `json:"brandAccent"`  // …inside an ancestor with --integry-accent
		OwnAccent    string `json:"ownAccent"`    // …in an element with its own --integry-accent
		CardBg       string `json:"cardBg"`       // <integry-app>'s card (shadow DOM)
		BrandCardBg  string `json:"brandCardBg"`  // …under an ancestor with --integry-bg
		PillRadius   string `json:"pillRadius"`   // ::part(button) of <integry-connect-button>
		CoreInlineBg string `json:"coreInlineBg"` // the widgets' inline box
	}
	const read = `(() => {
		const cs = (n) => getComputedStyle(n);
		const btn = (id) => cs(document.querySelector(id + " .integry-app-card button")).backgroundColor;
		return {
			plainAccent: btn("#plain"), brandAccent: btn("#brand-apps"), ownAccent: btn("#own-apps"),
			cardBg: cs(document.querySelector("#plain-app").shadowRoot.querySelector('[part~="card"]')).backgroundColor,
			brandCardBg: cs(document.querySelector("#brand-app").shadowRoot.querySelector('[part~="card"]')).backgroundColor,
			pillRadius: cs(document.querySelector("#pill").shadowRoot.querySelector("button")).borderTopLeftRadius,
			coreInlineBg: cs(document.querySelector("#plain .integry-inline")).backgroundColor,
		};
	})()`
	open := func() {
		e.do("open the theming fixture", navigate(e.pageURL+"/fixture/?user="+user),
			visible(css(`#plain .integry-app-card button`)), visible(css(`#brand-apps .integry-app-card button`)),
			visible(css(`#own-apps .integry-app-card button`)),
			visible(shadow("#plain-app", `[part~="card"] [part~="badge"]`)), visible(shadow("#brand-app", `[part~="card"] [part~="badge"]`)))
	}
	open()
	light := eval[look](e, read)
	if _, err := chromedp.Call(e.chrome(), emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
	}); err != nil {
		t.Fatal(err)
	}
	open()
	dark := eval[look](e, read)
	t.Logf("light %+v\ndark  %+v", light, dark)
	for scheme, want := range map[string][2]string{"light": {"rgb(11, 92, 173)", "rgb(255, 255, 255)"}, "dark": {"rgb(108, 178, 255)", "rgb(28, 31, 36)"}} {
		l := light
		if scheme == "dark" {
			l = dark
		}
		if l.PlainAccent != want[0] || l.CardBg != want[1] || l.CoreInlineBg != want[1] {
			t.Errorf("%s: the defaults give accent %s, card %s, inline box %s; want %s, %s, %s", scheme, l.PlainAccent, l.CardBg, l.CoreInlineBg, want[0], want[1], want[1])
		}
		if l.BrandAccent != "rgb(109, 40, 217)" || l.OwnAccent != "rgb(190, 18, 60)" || l.BrandCardBg != "rgb(255, 251, 235)" {
			t.Errorf("%s: the page's --integry-* values do not win: ancestor accent %s, own accent %s, ancestor card %s", scheme, l.BrandAccent, l.OwnAccent, l.BrandCardBg)
		}
		if l.PillRadius != "999px" {
			t.Errorf("%s: ::part(button) gave a radius of %s, want 999px", scheme, l.PillRadius)
		}
	}
	e.noConsoleErrors(nil)
}

// fixture serves one page at index.html (pages only the tests need).
func fixture(page string) fstest.MapFS {
	return fstest.MapFS{"index.html": {Data: []byte(page)}}
}

// sessionScript makes window.integry for ?user= on the sandbox and sets
// body[data-sdk=ready] once it is verified.
const sessionScript = `
    const SANDBOX = "http://127.0.0.1:8080";
    const userId = new URLSearchParams(location.search).get("user");
    const session = await fetch(SANDBOX + "/_sandbox/session?user_id=" + encodeURIComponent(userId)).then((r) => r.json());
    const cfg = (hash) => ({ appKey: session.appKey, hash, userId: session.userId, baseUrl: SANDBOX, baseAPIUrl: SANDBOX });
    window.integry = new IntegryJS(cfg(session.hash));
    integry.ready.then(() => { document.body.dataset.sdk = "ready"; });
`

// lifecyclePage: #add puts one of each element in #box (whose integry
// property is the page's instance), #remove takes #box's children out.
// window.handlers() counts the handlers the page's instance holds, through
// a wrapper around its eventEmitter; window.fired lists the DOM events.
const lifecyclePage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="http://127.0.0.1:8080/sdk/integry.js"></script>
<script type="module">
    import { defineElements, setDefault } from "../npm/elements.js";
` + sessionScript + `
    const em = integry.eventEmitter;
    const live = new Map(); // "name handler" → registrations
    const on = em.on.bind(em), off = em.off.bind(em);
    em.on = (n, f) => { live.set(f, (live.get(f) || 0) + 1); on(n, f); };
    em.off = (n, f) => { live.delete(f); off(n, f); };
    window.handlers = () => [...live.values()].reduce((a, b) => a + b, 0);
    const NAMES = ["integry-connected", "integry-disconnected", "integry-submit", "integry-error"];
    window.firedRemoved = [];
    window.firedOwn = 0;
    // The default: another instance, for a user whose hash is wrong.
    setDefault(new IntegryJS(cfg("0".repeat(64))));
    defineElements();
    const box = document.querySelector("#box");
    box.integry = integry;
    document.querySelector("#orphan").addEventListener("integry-error", (e) => { window.orphanError = e.detail.code; });
    document.querySelector("#add").onclick = () => {
      box.innerHTML = '<integry-apps></integry-apps><integry-app app="pipedrive"></integry-app>' +
        '<integry-function-form function="slack-post-message"></integry-function-form><integry-connect-button app="pipedrive"></integry-connect-button>';
    };
    document.querySelector("#remove").onclick = () => {
      for (const el of box.children) for (const n of NAMES) el.addEventListener(n, () => window.firedRemoved.push(n));
      box.replaceChildren();
    };
    document.querySelector("#own").integry = integry;
    document.querySelector("#own").addEventListener("integry-disconnected", () => { window.firedOwn++; });
    document.querySelector("#elsewhere").integry = integry;
</script></head>
<body data-sdk="loading">
  <button id="add">add</button> <button id="remove">remove</button>
  <div id="box"></div>
  <div id="elsewhere"></div>
  <integry-app id="own" app="pipedrive"></integry-app>
  <integry-app id="orphan" app="slack"></integry-app>
</body></html>`

// themingPage: the same elements plain, under an ancestor that sets
// --integry-accent and --integry-bg, and with their own --integry-accent;
// ::part(button) rounds the connect button.
const themingPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<style>
  .brand { --integry-accent: #6d28d9; --integry-bg: #fffbeb; }
  #own-apps { --integry-accent: #be123c; }
  #pill::part(button) { border-radius: 999px; }
</style>
<script src="http://127.0.0.1:8080/sdk/integry.js"></script>
<script type="module">
    import { defineElements, setDefault } from "../npm/elements.js";
` + sessionScript + `
    setDefault(integry);
    defineElements();
</script></head>
<body data-sdk="loading">
  <integry-apps id="plain"></integry-apps>
  <integry-app id="plain-app" app="slack"></integry-app>
  <div class="brand"><integry-apps id="brand-apps"></integry-apps><integry-app id="brand-app" app="slack"></integry-app></div>
  <integry-apps id="own-apps"></integry-apps>
  <integry-connect-button id="pill" app="slack"></integry-connect-button>
</body></html>`

// TestComponentsAccessible runs axe-core (WCAG 2 A and AA, shadow roots
// included) on the components example with an account connected and a
// disconnect being confirmed, in the light and the dark scheme.
func TestComponentsAccessible(t *testing.T) {
	browsertest.ChromiumOnly(t) // emulates prefers-color-scheme through the DevTools protocol
	e := componentsEnv(t)
	const user = "e2e-components-a11y"
	e.sb.Connect(t, user, "slack", "team@acme.example")
	for _, scheme := range []string{"light", "dark"} {
		if _, err := chromedp.Call(e.chrome(), emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		}); err != nil {
			t.Fatal(err)
		}
		e.do("open the example", navigate(e.exampleURL(e.pageURL+"/examples/components/", user)),
			visible(css(`#marketplace li.integry-app-card`)), visible(css(`#form form.integry-form`)),
			visible(shadow("#slack-app", `[part~="disconnect-button"]`)), present(css(`#connect-slack[connected]`)),
			click(shadow("#slack-app", `[part~="disconnect-button"]`)), visible(shadow("#slack-app", `[part~="confirm-no"]`)))
		for _, v := range e.axe() {
			var where []string
			for _, n := range v.Nodes {
				where = append(where, strings.Join(n.Target, " "))
			}
			t.Errorf("%s: %s (%s): %s at %s", scheme, v.ID, v.Impact, v.Help, strings.Join(where, "; "))
		}
	}
	e.noConsoleErrors(nil)
}

// TestElementsSpeakTheInstanceLanguage: every element speaks its
// instance's language in the core's words (the core answers the strings
// the bindings draw themselves), and the palette they are drawn with is the
// core's, put in the page by the core: the bindings declare none
// (TestBindingsDeclareNoPalette).
func TestElementsSpeakTheInstanceLanguage(t *testing.T) {
	e := componentsEnv(t)
	e.mount("/fixture/", fixture(languagePage))
	e.do("open the language fixture", navigate(e.pageURL+"/fixture/?user=e2e-components-lang"),
		visible(css(`body[data-sdk="ready"]`)),
		visible(css(`#es integry-function-form form.integry-form`)),
		visible(shadow("#es integry-app", `[part~="badge"]`)))
	got := eval[map[string]string](e, pollJS(`(() => {
		const sh = (sel, inner) => document.querySelector(sel).shadowRoot.querySelector(inner);
		return {
			esButton: sh("#es integry-connect-button", "button").textContent,
			jaButton: sh("#ja integry-connect-button", "button").textContent,
			esCancel: sh("#es integry-function-form", '[part~="cancel-button"]').textContent,
			esBadge: sh("#es integry-app", '[part~="badge"]').textContent,
			accent: getComputedStyle(sh("#ja integry-connect-button", "button")).backgroundColor,
		};
	})()`, `v.esButton && v.jaButton && v.esCancel`))
	want := map[string]string{
		"esButton": "Conectar Slack", "jaButton": "Slack に接続", "esCancel": "Cancelar", "esBadge": "No conectada",
		"accent": "rgb(11, 92, 173)", // the core's default --integry-accent
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
	e.noConsoleErrors(nil)
}

// languagePage: elements under two instances, one in Spanish, one in
// Japanese.
const languagePage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="http://127.0.0.1:8080/sdk/integry.js"></script>
<script type="module">
    import { defineElements } from "../npm/elements.js";
` + sessionScript + `
    document.querySelector("#es").integry = new IntegryJS({ ...cfg(session.hash), lang: "es" });
    document.querySelector("#ja").integry = new IntegryJS({ ...cfg(session.hash), lang: "ja" });
    defineElements();
</script></head>
<body data-sdk="loading">
  <div id="es">
    <integry-connect-button app="slack"></integry-connect-button>
    <integry-function-form function="slack-post-message" cancelable></integry-function-form>
    <integry-app app="slack"></integry-app>
  </div>
  <div id="ja"><integry-connect-button app="slack"></integry-connect-button></div>
</body></html>`
