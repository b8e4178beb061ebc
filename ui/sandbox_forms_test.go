//go:build !js

package ui_test

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/integry-go/integry/ui"
)

// End-to-end tests of the forms for real functions, the app page and the
// languages: the real bundle in Chromium against the sandbox's catalog and
// its data sources.

// listOf is the JavaScript for the listbox of the combobox named name.
func listOf(name string) string {
	return `document.getElementById(document.querySelector("input[data-field=` + name + `]").getAttribute("aria-controls"))`
}

// optionTexts returns the labels the listbox of name shows.
func (e *e2e) optionTexts(name string) []string {
	e.t.Helper()
	var out []string
	json.Unmarshal([]byte(e.eval(`[...`+listOf(name)+`.querySelectorAll("[role=option]")].map((o) => o.textContent)`)), &out)
	return out
}

// chooseOption clicks the option labelled label in name's open list.
func (e *e2e) chooseOption(name, label string) {
	e.t.Helper()
	var id string
	json.Unmarshal([]byte(e.eval(`[...`+listOf(name)+`.querySelectorAll("[role=option]")].find((o) => o.textContent === `+jsString(label)+`).id`)), &id)
	e.click("#" + id)
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// The Slack channel dropdown of slack-post-message, fed by the fake Slack's
// channel list: it pages on scroll, its search reaches a channel on the
// last page, and the form submits the chosen channel's ID, which posts.
func TestSandboxSlackChannelDropdown(t *testing.T) {
	e := newE2E(t, "u-channels", "en")
	e.sb.Connect(t, "u-channels", "slack", "me@slack")
	e.eval(`(window.p = settle(integry.showFunctionUI("slack-post-message", {text: "hello from the dropdown"})), true)`)
	e.until(`!!document.querySelector(".integry-modal input[data-field=channel][role=combobox]")`)
	e.until(listOf("channel") + `.querySelectorAll("[role=option]").length === 20`)
	e.click(`input[data-field=channel]`)
	e.until(`!` + listOf("channel") + `.hidden`)
	if got := e.optionTexts("channel"); got[0] != "general" || got[1] != "random" {
		t.Fatalf("first page %v", got)
	}
	// Escape closes the open list, not the modal.
	if err := chromedp.Do(e.ctx, chromedp.KeyEvent("\u001b")); err != nil {
		t.Fatal(err)
	}
	e.until(listOf("channel") + `.hidden`)
	if got := e.eval(`!!document.querySelector(".integry-modal")`); got != "true" {
		t.Fatal("Escape on the open list closed the modal")
	}
	e.click(`input[data-field=channel]`)
	e.until(`!` + listOf("channel") + `.hidden`)
	// Scrolling the list to its end loads the next page.
	e.eval(`(() => { const l = ` + listOf("channel") + `; l.scrollTop = l.scrollHeight; return true })()`)
	e.until(listOf("channel") + `.querySelectorAll("[role=option]").length === 40`)
	// zeta-project is on the third page; the search finds it.
	if err := chromedp.Do(e.ctx, chromedp.SendKeys(`input[data-field=channel]`, "zeta")); err != nil {
		t.Fatal(err)
	}
	e.until(listOf("channel") + `.textContent === "zeta-project"`)
	e.chooseOption("channel", "zeta-project")
	if got := e.eval(`document.querySelector("input[data-field=channel]").value`); got != `"zeta-project"` {
		t.Fatalf("input shows %s", got)
	}
	// The form's elements carry the ID, as a <select> would.
	if got := e.eval(`new FormData(document.querySelector(".integry-form")).getAll("channel")`); got != `["C60ZETAPROJECT"]` {
		t.Fatalf("FormData channel %s", got)
	}
	e.click(`.integry-submit`)
	if got := e.eval(`p`); got != `{"ok":{"channel":"C60ZETAPROJECT","text":"hello from the dropdown"}}` {
		t.Fatalf("resolved %s", got)
	}
	got := e.eval(`integry.invokeFunction("slack-post-message", {channel: "C60ZETAPROJECT", text: "hi"}).then((r) => r.network_code + " " + r.output.channel)`)
	if got != `"200 C60ZETAPROJECT"` {
		t.Fatalf("posting to the chosen channel: %s", got)
	}
}

// The members of slack-invite-to-channel: a multiselect over the fake
// Slack's members that submits an array of IDs.
func TestSandboxMultiselectSubmitsAnArray(t *testing.T) {
	e := newE2E(t, "u-multi", "en")
	e.sb.Connect(t, "u-multi", "slack", "me@slack")
	e.eval(`(window.p = settle(integry.showFunction("slack-invite-to-channel", {params: {channel: "C03ENGINEERING"}}, "INLINE", "box")), true)`)
	e.until(`!!document.querySelector("#box input[data-field=users]") && ` + listOf("users") + `.querySelectorAll("[role=option]").length === 20`)
	e.until(`document.querySelector("#box input[data-field=channel]").value === "engineering"`)
	if got := e.eval(listOf("users") + `.getAttribute("aria-multiselectable")`); got != `"true"` {
		t.Fatalf("aria-multiselectable %s", got)
	}
	e.click(`#box input[data-field=users]`)
	e.chooseOption("users", "Omar Khan")
	e.chooseOption("users", "Jane Doe")
	if got := e.eval(`[...document.querySelectorAll("#box .integry-chip span")].map((s) => s.textContent).join(",")`); got != `"Omar Khan,Jane Doe"` {
		t.Fatalf("chips %s", got)
	}
	if got := e.eval(`new FormData(document.querySelector("#box .integry-form")).getAll("users")`); got != `["U002OMAR","U001JANE"]` {
		t.Fatalf("FormData users %s", got)
	}
	// The open list lies over the form: closing it moves nothing in the
	// form, so a press on Submit that closes it (the input's blur) is still
	// a click on Submit when the button comes up.
	submitY := `document.querySelector("#box .integry-submit").getBoundingClientRect().y - document.querySelector("#box .integry-form").getBoundingClientRect().y`
	e.until(`!` + listOf("users") + `.hidden`)
	open := e.eval(submitY)
	if err := chromedp.Do(e.ctx, chromedp.KeyEvent("\u001b")); err != nil {
		t.Fatal(err)
	}
	e.until(listOf("users") + `.hidden`)
	if closed := e.eval(submitY); closed != open {
		t.Fatalf("closing the list moved Submit from y=%s to y=%s", open, closed)
	}
	e.click(`.integry-submit`)
	want := `{"ok":{"channel":"C03ENGINEERING","users":["U002OMAR","U001JANE"]}}`
	if got := e.eval(`p`); got != want {
		t.Fatalf("resolved %s\nwant     %s", got, want)
	}
	got := e.eval(`integry.invokeFunction("slack-invite-to-channel", {channel: "C03ENGINEERING", users: ["U002OMAR", "U001JANE"]}).then((r) => r.output.ok)`)
	if got != "true" {
		t.Fatalf("the invite with the submitted array: %s", got)
	}
}

// HubSpot's create-contact form: the contact properties are a CUSTOM_FIELDS
// sub-form built from hubspot-list-properties; its values are submitted
// nested under "properties", and the call stores them.
func TestSandboxCustomFieldsSubmitNestedValues(t *testing.T) {
	e := newE2E(t, "u-custom", "en")
	e.sb.Connect(t, "u-custom", "hubspot", "crm")
	e.eval(`(window.p = settle(integry.showFunction("hubspot-create-contact", {}, "INLINE", "box")), true)`)
	e.until(`!!document.querySelector("#box .integry-custom-fields input[name=company]")`)
	if got := e.eval(`document.querySelector("#box .integry-custom-fields legend").textContent`); got != `"Contact properties"` {
		t.Fatalf("legend %s", got)
	}
	for sel, v := range map[string]string{"input[name=email]": "ada@example.com", "input[name=company]": "Acme", "input[name=lifecyclestage]": "lead"} {
		if err := chromedp.Do(e.ctx, chromedp.SendKeys(`#box `+sel, v)); err != nil {
			t.Fatal(err)
		}
	}
	e.click(`.integry-submit`)
	want := `{"ok":{"email":"ada@example.com","properties":{"company":"Acme","lifecyclestage":"lead"}}}`
	if got := e.eval(`p`); got != want {
		t.Fatalf("resolved %s\nwant     %s", got, want)
	}
	got := e.eval(`integry.invokeFunction("hubspot-create-contact", {email: "ada@example.com", properties: {company: "Acme", lifecyclestage: "lead"}}).then((r) => r.output.properties.company + "/" + r.output.properties.lifecyclestage)`)
	if got != `"Acme/lead"` {
		t.Fatalf("stored properties: %s", got)
	}
}

// showApp: the app page connects (the popup, Allow) and disconnects, with
// the events the SDK documents.
func TestSandboxShowAppConnectsAndDisconnects(t *testing.T) {
	e := newE2E(t, "u-app", "en")
	if got := e.eval(`settle(integry.showApp("pipedrive", IntegryJS.RenderModes.INLINE, "box", IntegryJS.Layouts.NARROW))`); got != `{"ok":null}` {
		t.Fatalf("showApp %s", got)
	}
	if got := e.eval(`[document.querySelector("#box .integry-title").textContent, !!document.querySelector("#box .integry-app-page.integry-layout-narrow"), document.querySelector("#box [data-app=pipedrive]").textContent.includes("No account connected yet.")]`); got != `["Pipedrive",true,true]` {
		t.Fatalf("page %s", got)
	}
	e.clickPopup(`#box .integry-connect`, true)
	e.until(`document.querySelector("#box .integry-badge").textContent === "Connected"`)
	if got := e.eval(`document.querySelectorAll("#box .integry-account").length`); got != "1" {
		t.Fatalf("%s account rows", got)
	}
	e.click(`#box .integry-disconnect`)
	e.click(`#box .integry-confirm-yes`)
	e.until(`document.querySelector("#box .integry-badge").textContent === "Not connected"`)
	if ev := e.events(); ev != "app-connected,app-disconnected" {
		t.Errorf("events %s", ev)
	}
	if got := e.eval(`settle(integry.showApp("nope", "INLINE", "box"))`); !strings.Contains(got, `"code":"app_not_found"`) {
		t.Errorf("an unknown app: %s", got)
	}
	if got := e.eval(`settle(integry.showApp("slack", "INLINE", "box", "HUGE"))`); !strings.Contains(got, `"code":"invalid_argument"`) {
		t.Errorf("a bad layout: %s", got)
	}
	// The positional showApps of the render-modes page.
	e.eval(`(() => { document.getElementById("box").replaceChildren(); return true })()`)
	if got := e.eval(`settle(integry.showApps(IntegryJS.RenderModes.INLINE, "box"))`); got != `{"ok":null}` {
		t.Fatalf("positional showApps %s", got)
	}
	if got := e.eval(`document.querySelectorAll("#box .integry-app-card").length`); got != "5" {
		t.Errorf("positional showApps shows %s cards", got)
	}
}

// Every language of the official SDK renders the marketplace and a form
// with each of our strings in that language: no English fallback, no raw
// key.
func TestSandboxEveryLanguageRenders(t *testing.T) {
	type pattern struct {
		Key, En, Tr string
	}
	toRE := func(msg string) string {
		q := regexp.QuoteMeta(msg)
		return "^" + regexp.MustCompile(`\\\{[a-z]+\\\}`).ReplaceAllString(q, "(.+)") + "$"
	}
	for _, lang := range ui.Languages() {
		t.Run(lang, func(t *testing.T) {
			e := newE2E(t, "u-lang", lang)
			e.sb.Connect(t, "u-lang", "pipedrive", "crm")
			pats := []pattern{}
			var keys []string
			for k := range ui.Messages["en"] {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				en, tr := ui.Messages["en"][k], ui.Messages[lang][k]
				if tr == "" {
					t.Fatalf("%s lacks %q", lang, k)
				}
				if en != tr {
					pats = append(pats, pattern{k, toRE(en), toRE(tr)})
				}
			}
			if got := e.eval(`settle(integry.showApps({renderMode: "INLINE", containerId: "box"}))`); got != `{"ok":null}` {
				t.Fatalf("showApps %s", got)
			}
			e.eval(`(() => { document.body.insertAdjacentHTML("beforeend", "<div id=form></div>"); return true })()`)
			e.eval(`(window.p = settle(integry.showFunction("pipedrive-add-a-person", {}, "INLINE", "form")), true)`)
			e.until(`!!document.querySelector("#form input[data-field=owner_id]") && ` + listOf("owner_id") + `.querySelectorAll("[role=option]").length > 0`)
			e.click(`#form .integry-submit`) // the errors render too
			e.until(`document.querySelector("#form .integry-summary").textContent !== ""`)
			pj, _ := json.Marshal(pats)
			got := e.eval(`(() => {
				const pats = ` + string(pj) + `.map((p) => ({key: p.Key, en: new RegExp(p.En), tr: new RegExp(p.Tr)}));
				const seen = [];
				for (const root of document.querySelectorAll(".integry-root")) {
					if (root.lang !== ` + jsString(lang) + `) return "lang attribute " + root.lang;
					for (const el of root.querySelectorAll("*")) {
						for (const n of el.childNodes) if (n.nodeType === 3 && n.textContent.trim()) seen.push(n.textContent.trim());
						for (const a of ["aria-label", "placeholder"]) if (el.getAttribute(a)) seen.push(el.getAttribute(a));
					}
				}
				const english = [];
				for (const s of seen) for (const p of pats) if (p.en.test(s) && !p.tr.test(s)) english.push(p.key + ": " + s);
				return english.join("; ") || "ok";
			})()`)
			if got != `"ok"` {
				t.Errorf("English where %s was expected: %s", lang, got)
			}
			tr := ui.Messages[lang]
			checks := map[string]string{
				`document.querySelector("#form .integry-submit").textContent`:                                                            tr["submit"],
				`document.querySelector("#box .integry-search label").textContent`:                                                       tr["search"],
				`document.querySelector("#box [data-app=pipedrive] .integry-badge").textContent`:                                         tr["connected"],
				`document.querySelector("#box [data-app=open-meteo] .integry-badge").textContent`:                                        tr["no_login"],
				`document.querySelector("#form input[name=name]").closest(".integry-field").querySelector(".integry-error").textContent`: tr["err_required"],
			}
			for js, want := range checks {
				if got := e.eval(js); got != jsString(want) {
					t.Errorf("%s = %s, want %q", js, got, want)
				}
			}
		})
	}
}
