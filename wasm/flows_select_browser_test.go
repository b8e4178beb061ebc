//go:build !js

package main

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// The official SDK and ours each set up "Announce new HubSpot contacts in
// a Slack channel" for a fresh user, choosing #random in its Channel
// dropdown, whose options each SDK reads from the field's data_src with the
// step's account (docs/flows.md#dynamic-fields). The integrations read back
// equal through the REST API, with the channel's ID as the value; both
// SDKs fire the same events; and a contact created in HubSpot posts to
// #random.
func TestFlowSetupSelectFieldEqualsTheOfficial(t *testing.T) {
	p := newPageWith(t, pageOptions{Official: true})
	users := map[string]string{"off": "u-select-official", "ours": "u-select-ours"}
	ids := map[string]map[string]int64{}
	for key, user := range users {
		ids[key] = map[string]int64{
			"hubspot": p.sb.Connect(t, user, "hubspot", "hs@acme.com"),
			"slack":   p.sb.Connect(t, user, "slack", "team@acme.com"),
		}
		p.ok(`(window.hashes[`+strconv.Quote(user)+`] = `+strconv.Quote(p.sb.Hash(user))+`, true)`, nil)
	}
	p.ok(`(() => {`+flowDriverJS+`
	  for (const id of ["off", "ours"]) { const d = document.createElement("div"); d.id = id; document.body.append(d); }
	  window.textOf = function (el) { return (el.innerText || el.textContent || "").trim(); };
	  return true; })()`, nil)

	// The official form: Next until the channel dropdown shows, open it,
	// click #random among the options it loaded, then on to Save.
	var offOptions []string
	p.ok(`(async () => {
	  const sdk = new Official(cfg("u-select-official"));
	  recordFlows("off", sdk);
	  await new Promise(function (r) { sdk.eventEmitter.on("ready", r); });
	  sdk.renderFlowSetupForm({flowId: "7104", flowContainerId: "off"});
	  const primary = "#off button.integry-container__button--primary";
	  const input = await until(function () {
	    const i = document.querySelector("#off #integry-action-field-wrap-channel input");
	    if (i) return i;
	    const b = document.querySelector(primary);
	    if (b && !b.classList.contains("integry-container__button--disabled") && !b.dataset.clicked) { b.dataset.clicked = "1"; b.click(); }
	    return null;
	  });
	  input.click();
	  const wrap = document.querySelector("#off #integry-action-field-wrap-channel");
	  const items = await until(function () {
	    const l = Array.from(wrap.querySelectorAll("#tag-menu-body-item .label-text"));
	    return l.length > 2 ? l : null;
	  });
	  const names = items.map(textOf);
	  items.find(function (e) { return textOf(e) == "random"; }).parentElement.click();
	  await clickThrough("off", primary, "integry-container__button--disabled");
	  return names; })()`, &offOptions)

	// Ours: Next, then the combobox: open it and choose #random.
	var ourOptions []string
	p.ok(`(async () => {
	  const sdk = new IntegryJS(cfg("u-select-ours"));
	  recordFlows("ours", sdk);
	  await sdk.renderFlowSetupForm({flowId: "7104", flowContainerId: "ours"});
	  const submit = "#ours form.integry-form button[type=submit]";
	  (await until(function () { const b = document.querySelector(submit); return b && !b.disabled && b; })).click();
	  const input = await until(function () { return document.querySelector('#ours input[role=combobox][data-field="channel"]'); });
	  input.click();
	  const list = document.getElementById(input.getAttribute("aria-controls"));
	  const items = await until(function () { const l = Array.from(list.querySelectorAll("[role=option]")); return l.length > 2 ? l : null; });
	  const names = items.map(textOf);
	  items.find(function (e) { return textOf(e) == "random"; }).click();
	  await clickThrough("ours", submit);
	  return names; })()`, &ourOptions)

	// The same options in the same order: both sort them by label.
	if strings.Join(ourOptions, ",") != strings.Join(offOptions, ",") || len(offOptions) < 50 {
		t.Errorf("the channel options differ:\nofficial %q\nours     %q", offOptions, ourOptions)
	}

	saved := savedByRole(t, p, users, ids)
	if saved["off"] != saved["ours"] {
		t.Errorf("the integrations differ:\nofficial %s\nours     %s", saved["off"], saved["ours"])
	}
	if !strings.Contains(saved["ours"], `"template_field":7104101,"value":"C02RANDOM"`) {
		t.Errorf("ours saved %s", saved["ours"])
	}

	sameFlowEvents(t, p, ids)

	// A contact created in HubSpot runs our user's integration: the
	// message goes to #random.
	call := func(fn, body string) string {
		t.Helper()
		resp, err := http.Post(p.sb.URL+"/functions/"+fn+"/call/?"+p.sb.Query(users["ours"]), "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", fn, resp.StatusCode, b)
		}
		return string(b)
	}
	call("hubspot-create-contact", `{"email": "ada@example.com", "firstname": "Ada", "lastname": "Lovelace"}`)
	if got := call("slack-get-conversation-history", `{"channel": "random"}`); !strings.Contains(got, "New HubSpot contact: Ada Lovelace") {
		t.Errorf("#random after the contact: %s", got)
	}
}

// Choosing another account for the step clears the channel and asks for
// the options again with that account, as the official dropdown does; the
// integration saves the account and the channel chosen after it.
func TestFlowSetupSelectReloadsForAnotherAccount(t *testing.T) {
	p := newPage(t)
	const user = "u-select-accounts"
	p.sb.Connect(t, user, "hubspot", "hs@acme.com")
	team := p.sb.Connect(t, user, "slack", "team@acme.com")
	ops := p.sb.Connect(t, user, "slack", "ops@acme.com")
	p.ok(`(window.hashes[`+strconv.Quote(user)+`] = `+strconv.Quote(p.sb.Hash(user))+`, true)`, nil)
	var got struct {
		First  string   `json:"first"`
		Asked  []string `json:"asked"`
		After  string   `json:"after"`
		Chosen string   `json:"chosen"`
	}
	p.ok(`(async () => {`+flowDriverJS+`
	  performance.setResourceTimingBufferSize(10000);
	  const asked = function () { return performance.getEntriesByType("resource").map(function (e) { return new URL(e.name); })
	    .filter(function (u) { return u.pathname == "/template_field/7104101/options/"; })
	    .map(function (u) { return u.searchParams.get("authorization_id") + "/" + u.searchParams.get("connected_account_id"); }); };
	  const d = document.createElement("div"); d.id = "sel"; document.body.append(d);
	  const sdk = new IntegryJS(cfg("u-select-accounts"));
	  recordFlows("sel", sdk);
	  await sdk.renderFlowSetupForm({flowId: "7104", flowContainerId: "sel"});
	  const submit = "#sel form.integry-form button[type=submit]";
	  (await until(function () { const b = document.querySelector(submit); return b && !b.disabled && b; })).click();
	  const pick = async function (name) {
	    const input = await until(function () { return document.querySelector('#sel input[role=combobox][data-field="channel"]'); });
	    input.click();
	    const list = document.getElementById(input.getAttribute("aria-controls"));
	    const item = await until(function () { return Array.from(list.querySelectorAll("[role=option]")).find(function (e) { return e.textContent.trim() == name; }); });
	    item.dispatchEvent(new MouseEvent("click", {bubbles: true}));
	    return until(function () { return input.value == name && input.value; });
	  };
	  await pick("random");
	  const sel = document.querySelector("#sel .integry-flow-page select");
	  const first = sel.value, other = first == "`+strconv.FormatInt(team, 10)+`" ? "`+strconv.FormatInt(ops, 10)+`" : "`+strconv.FormatInt(team, 10)+`";
	  sel.value = other; sel.dispatchEvent(new Event("change", {bubbles: true}));
	  await until(function () { return asked().length >= 2; });
	  const after = document.querySelector('#sel input[role=combobox][data-field="channel"]').value;
	  const chosen = await pick("general");
	  await clickThrough("sel", submit);
	  return {first: first, asked: asked(), after: after, chosen: chosen}; })()`, &got)
	first, _ := strconv.ParseInt(got.First, 10, 64)
	other := team
	if first == team {
		other = ops
	}
	a, b := strconv.FormatInt(first, 10), strconv.FormatInt(other, 10)
	if len(got.Asked) != 2 || got.Asked[0] != a+"/"+a || got.Asked[1] != b+"/"+b {
		t.Errorf("the options were asked with %q, want the first account's then the other's (%s, %s)", got.Asked, a, b)
	}
	if got.After != "" || got.Chosen != "general" {
		t.Errorf("after the account changed the channel shows %q (want it cleared); then chose %q", got.After, got.Chosen)
	}
	resp, err := http.Get(p.sb.URL + "/api/v1/integrations/?" + p.sb.Query(user))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if s := string(body); !strings.Contains(s, `"authorization":`+b+`,`) || !strings.Contains(s, `"template_field":7104101,"value":"C01GENERAL"`) {
		t.Errorf("the integration: %s", s)
	}
}
