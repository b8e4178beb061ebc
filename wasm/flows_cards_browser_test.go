//go:build !js

package main

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// Our marketplace's card of an app with flows has "Flows (n)", which opens
// the app's page with its flows. There the account picker keeps the
// integrations of one account, Set up starts with the account picked, and
// the switch and Rename change the integration as the official SDK then
// reads it; an enable the official SDK makes shows when the page is
// opened again. renderAppFlows with appId lists only that app's flows
// (docs/flows.md#ours-cards).
func TestMarketplaceCardsManageFlows(t *testing.T) {
	p := newPageWith(t, pageOptions{Official: true})
	const user = "u-flow-cards"
	pd := p.sb.Connect(t, user, "pipedrive", "pd@acme.com")
	sl := p.sb.Connect(t, user, "slack", "team@acme.com")
	sl2 := p.sb.Connect(t, user, "slack", "ops@acme.com")
	body := `{"name": "Persons to Slack", "template": 7101, "steps": [{"template_step": 71010, "authorization": ` + strconv.FormatInt(pd, 10) + `},
		{"template_step": 71011, "authorization": ` + strconv.FormatInt(sl, 10) + `, "app_user_data": [{"template_field": 7101101, "value": "general"}]}]}`
	resp, err := http.Post(p.sb.URL+"/v2/integration/?"+p.sb.Query(user), "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var created struct {
		ID int64 `json:"id"`
	}
	json.NewDecoder(resp.Body).Decode(&created)
	resp.Body.Close()
	if resp.StatusCode != 201 || created.ID == 0 {
		t.Fatalf("creating the integration: %d", resp.StatusCode)
	}
	id := strconv.FormatInt(created.ID, 10)
	page := `.integry-app-page .integry-app-flows`
	row := page + ` [data-integration="` + id + `"]`
	p.ok(`(window.hashes[`+strconv.Quote(user)+`] = `+strconv.Quote(p.sb.Hash(user))+`, true)`, nil)

	var cards map[string]string
	p.ok(`(async () => {`+flowDriverJS+`
	  const d = document.createElement("div"); d.id = "apps"; document.body.append(d);
	  window.ours = new IntegryJS(cfg("u-flow-cards"));
	  recordFlows("ours", ours);
	  window.official = new Official(cfg("u-flow-cards"));
	  await new Promise(function (r) { official.eventEmitter.on("ready", r); });
	  window.lastEvent = function (name) { const l = flowEvents.ours.filter(function (e) { return e.name == name; }); return l.length ? l[l.length - 1].payload : null; };
	  await ours.showApps("INLINE", "apps");
	  // No wait: the cards are drawn once, with their buttons, when
	  // showApps resolves (a card that grew later would move under the pointer).
	  const out = {};
	  document.querySelectorAll("#apps [data-app]").forEach(function (c) {
	    const b = c.querySelector(".integry-app-flows-button");
	    out[c.getAttribute("data-app")] = b ? b.textContent + " | " + b.getAttribute("aria-label") : "";
	  });
	  return out; })()`, &cards)
	if cards["slack"] != "Flows (4) | Slack: Flows (4)" || cards["sendgrid"] != "Flows (1) | SendGrid: Flows (1)" {
		t.Errorf("the cards' Flows buttons: %q", cards)
	}
	if b, ok := cards["open-meteo"]; ok && b != "" {
		t.Errorf("an app without flows has a Flows button: %q", b)
	}

	// The Slack card's Flows opens Slack's page with its flows; the picker
	// offers both accounts, newest first as the page lists them.
	var picker []string
	p.ok(`(async () => {
	  document.querySelector('#apps [data-app="slack"] .integry-app-flows-button').click();
	  const sel = await until(function () { return document.querySelector('`+page+` .integry-flow-account select'); });
	  await until(function () { return document.querySelector('`+row+`'); });
	  return Array.from(sel.options).map(function (o) { return o.value + "=" + o.textContent; }); })()`, &picker)
	if got, want := strings.Join(picker, ","), "=All accounts,"+strconv.FormatInt(sl2, 10)+"=ops@acme.com,"+strconv.FormatInt(sl, 10)+"=team@acme.com"; got != want {
		t.Errorf("the account picker: %s, want %s", got, want)
	}
	pick := func(account int64) {
		t.Helper()
		p.ok(`(async () => { const sel = document.querySelector('`+page+` .integry-flow-account select');
		  sel.value = "`+strconv.FormatInt(account, 10)+`"; sel.dispatchEvent(new Event("change", {bubbles: true}));
		  return true; })()`, nil)
	}
	// ops@ has no integration: the row goes; team@ has it: it comes back.
	pick(sl2)
	p.ok(`until(function () { return !document.querySelector('`+row+`'); })`, nil)
	var setupAccount string
	p.ok(`(async () => {
	  document.querySelector('`+page+` [data-flow="7101"] .integry-flow-setup-button').click();
	  const form = await until(function () { return document.querySelector(".integry-flow-setup"); });
	  (await until(function () { const b = form.querySelector("form.integry-form button[type=submit]"); return b && !b.disabled && b; })).click();
	  const sel = await until(function () { const s = form.querySelector(".integry-flow-page select"); return s && form.querySelector(".integry-flow-back") && s; });
	  const v = sel.value;
	  document.querySelector(".integry-modal:has(.integry-flow-setup) .integry-close").click();
	  return v; })()`, &setupAccount)
	if setupAccount != strconv.FormatInt(sl2, 10) {
		t.Errorf("Set up with ops@ picked starts the Slack step with account %s, want %d", setupAccount, sl2)
	}
	pick(sl)
	p.ok(`until(function () { return document.querySelector('`+row+` input[role=switch]'); })`, nil)

	officialSees := func(js string) string {
		t.Helper()
		var got string
		p.ok(`official.apiHandler.getIntegrationById(`+id+`).then(function (i) { return `+js+`; })`, &got)
		return got
	}
	event := func(name string) string {
		t.Helper()
		var got json.RawMessage
		p.ok(`until(function () { return lastEvent("`+name+`"); })`, &got)
		return string(got)
	}
	p.ok(`(document.querySelector('`+row+` input[role=switch]').click(), true)`, nil)
	if got := event("did-disable-integration"); got != `{"integrationId":`+id+`,"name":"Persons to Slack","status":"INACTIVE"}` {
		t.Errorf("did-disable-integration %s", got)
	}
	if got := officialSees(`i.status`); got != "INACTIVE" {
		t.Errorf("the official SDK reads %s after the app page's disable", got)
	}
	p.ok(`(document.querySelector('`+row+` .integry-flow-rename').click(), true)`, nil)
	p.ok(`(() => { const i = document.querySelector('`+row+` form input'); i.value = "Renamed on the card";
	  document.querySelector('`+row+` form button[type=submit]').click(); return true; })()`, nil)
	event("did-rename-integration")
	if got := officialSees(`i.name`); got != "Renamed on the card" {
		t.Errorf("the official SDK reads %q after the app page's rename", got)
	}

	// The official SDK enables it; the app page opened again shows it on.
	p.ok(`official.apiHandler.toggleIntegration(`+id+`, true).then(function () { return true; })`, nil)
	var on bool
	p.ok(`(async () => {
	  document.querySelector(".integry-modal:has(.integry-app-page) .integry-close").click();
	  await until(function () { return !document.querySelector(".integry-app-page"); });
	  document.querySelector('#apps [data-app="slack"] .integry-app-flows-button').click();
	  return (await until(function () { return document.querySelector('`+row+` input[role=switch]'); })).checked; })()`, &on)
	if !on {
		t.Errorf("after the official SDK's enable, our app page shows the integration off")
	}

	// renderAppFlows with appId: the flows that use that app only.
	var flows string
	p.ok(`(async () => {
	  const app = await (await fetch("/api/v1/sdk/apps/sendgrid/?app_key=" + encodeURIComponent(cfg("u-flow-cards").appKey) + "&hash=" + hashes["u-flow-cards"] + "&user_id=u-flow-cards")).json();
	  const d = document.createElement("div"); d.id = "af"; document.body.append(d);
	  await ours.renderAppFlows({containerId: "af", renderMode: "INLINE", appId: app.id});
	  return Array.from(d.querySelectorAll("[data-flow]")).map(function (e) { return e.getAttribute("data-flow"); }).join(","); })()`, &flows)
	if flows != "7102" {
		t.Errorf("renderAppFlows({appId: SendGrid's}) lists flows %q, want 7102", flows)
	}

	// init with appId is renderAppFlows, as the official init.
	p.ok(`(async () => {
	  const app = await (await fetch("/api/v1/sdk/apps/sendgrid/?app_key=" + encodeURIComponent(cfg("u-flow-cards").appKey) + "&hash=" + hashes["u-flow-cards"] + "&user_id=u-flow-cards")).json();
	  const d = document.createElement("div"); d.id = "init-af"; document.body.append(d);
	  await ours.init({containerId: "init-af", renderMode: "INLINE", appId: app.id});
	  return Array.from(d.querySelectorAll("[data-flow]")).map(function (e) { return e.getAttribute("data-flow"); }).join(","); })()`, &flows)
	if flows != "7102" {
		t.Errorf("init({appId: SendGrid's}) lists flows %q, want 7102 (the app's flows)", flows)
	}

	// renderAppFlows with showApps and no appId is the marketplace, as the
	// official showApps is renderAppFlows({showApps: true}).
	var shown string
	p.ok(`(async () => {
	  const d = document.createElement("div"); d.id = "af-apps"; document.body.append(d);
	  await ours.renderAppFlows({containerId: "af-apps", renderMode: "INLINE", showApps: true});
	  return d.querySelectorAll("[data-flow]").length + " flows, slack card " + !!d.querySelector('[data-app="slack"]'); })()`, &shown)
	if shown != "0 flows, slack card true" {
		t.Errorf("renderAppFlows({showApps: true}) shows %s, want the marketplace", shown)
	}
}
