//go:build !js

package main

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"

	"github.com/integry-go/integry/sandbox/sandboxtest"
	"testing"
)

// renderFunctionForm on both SDKs, in one Chromium page against one
// sandbox: the same edits (each SDK's own setFieldValue and a click on a
// field's "AI filled" checkbox, Cancel, then Save) give onLoad and onChange
// the same tools, data_source_tools included
// (docs/protocol.md#surface-function-form).
func TestFunctionFormEqualsTheOfficial(t *testing.T) {
	p := newPageWith(t, pageOptions{Official: true})
	old := p.sb.Connect(t, "u-other", "slack", "old@acme")
	p.sb.Connect(t, "u-other", "slack", "team@acme")
	p.sb.Connect(t, "u-other", "sendgrid", "mail@acme")
	p.sb.Connect(t, "u-other", "hubspot", "crm@acme")
	var got struct{ Official, Ours, Picked [][2]json.RawMessage }
	p.ok(`(async () => {
	  performance.setResourceTimingBufferSize(100000);
	  const wait = (ms) => new Promise((r) => setTimeout(r, ms));
	  const until = async (f, what) => { for (let i = 0; i < 400; i++) { const v = f(); if (v) return v; await wait(25); } throw new Error("timed out waiting for " + (typeof what === "function" ? what() : what)); };
	  const off = new Official(cfg("u-other")), ours = new IntegryJS(cfg("u-other"));
	  await Promise.all([new Promise((r) => off.eventEmitter.on("ready", r)), ours.ready]);
	  // A field's AI checkbox: ours names its field; the official's are in the order of the top-level fields.
	  const box = {
	    Official: (d, keys, key) => d.querySelectorAll("input[type=checkbox][class*=aiAssistToggle]")[keys.indexOf(key)],
	    Ours: (d, keys, key) => d.querySelector('input[data-ai-field="' + key + '"]'),
	  };
	  const button = (d, text) => [...d.querySelectorAll("button")].find((b) => b.textContent.trim() === text);
	  // Each form is alone on the page while it is edited: both SDKs' setFieldValue find a field by its id or name.
	  const run = async (who, sdk, C, fn, keys, value, edit, account) => {
	    const d = document.createElement("div"); d.id = who + "-" + Math.random().toString(36).slice(2); document.body.append(d);
	    const log = [];
	    const push = (what) => (v) => log.push([what, JSON.parse(JSON.stringify(v))]);
	    sdk.renderFunctionForm({containerId: d.id, functionName: fn, value, onChange: push("change"), onLoad: push("load")});
	    await until(() => log.length === 1 && (button(d, "Next") || box[who](d, keys, keys[0])), () => who + " " + fn + "'s onLoad " + JSON.stringify([log.length, d.innerText.slice(0, 300)]));
	    // An app with a login opens on its Authorization tab, its newest account picked; the person may pick another
	    // (a radio by its account's name), and Next shows the fields.
	    if (button(d, "Next")) {
	      const radio = () => [...d.querySelectorAll("input[type=radio]")].find((r) => r.id === account || r.parentElement.textContent === account);
	      if (account) { radio().click(); await until(() => radio().checked, who + " " + fn + "'s account " + account); }
	      button(d, "Next").click();
	      await until(() => box[who](d, keys, keys[0]) && box[who](d, keys, keys[0]).checkVisibility(), who + " " + fn + "'s Input tab");
	    }
	    // A box may come late (custom fields load their sub-fields): it is clicked once the form has settled.
	    const ai = async (key, on) => { await until(() => box[who](d, keys, key), who + " " + fn + "'s box " + key); await wait(300); box[who](d, keys, key).click(); await until(() => box[who](d, keys, key).checked === on, who + " " + fn + "'s box " + key); };
	    if (edit) {
	      await edit(ai, C);
	      await wait(50);
	      // Cancel calls nothing.
	      button(d, "Cancel").click();
	      await wait(300);
	      button(d, "Save").click();
	      await until(() => log.length === 2, who + " " + fn + "'s onChange");
	    }
	    d.remove();
	    return log;
	  };
	  // The official types what a field shows: a number field's "3" is a string. Ours keeps the schema's type
	  // (docs/protocol.md#differs-typed-values); the official's numbers are read as numbers to compare the rest.
	  const typed = (log) => log.map(([what, tool]) => {
	    const props = tool.json_schema.function.parameters.properties;
	    for (const [k, v] of Object.entries(tool.default_arguments)) if (props[k] && props[k].type === "number" && typeof v === "string") tool.default_arguments[k] = Number(v);
	    return [what, tool];
	  });
	  const meteo = ["city", "days", "unit"];
	  // The person fills days: unticks its AI box, types 3, saves.
	  const fillDays = async (ai, C) => { await ai("days", false); C.setFieldValue("days", "3"); };
	  // Unticks unit and days, types 4 into days, gives days back to the AI: the AI fills city and days, in that order.
	  const reorder = async (ai, C) => { await ai("unit", false); await ai("days", false); C.setFieldValue("days", "4"); await ai("days", true); };
	  const value = {meta: {ai_assisted_fields: ["unit", "city"]}, default_arguments: {days: 5}};
	  // Slack's channel and thread_ts are dynamic dropdowns fed by two other functions: both are data-source tools
	  // until the person takes thread_ts from the AI.
	  const slack = ["text", "channel", "as_user", "attachments", "blocks", "icon_emoji", "icon_url", "link_names", "metadata",
	    "mrkdwn", "parse", "reply_broadcast", "thread_ts", "unfurl_links", "unfurl_media", "username"];
	  // SendGrid's from is a nested object with its own box.
	  const sendgrid = ["to", "subject", "content", "from"];
	  // HubSpot's properties are custom fields: a box on each loaded property, none on the field; the person takes
	  // company (it goes under properties) and email from the AI.
	  const hubspot = ["email", "firstname", "lastname", "properties.company"];
	  const crm = async (ai, C) => {
	    await ai("properties.company", false); await wait(300); C.setFieldValue("company", "Acme");
	    await wait(300); await ai("email", false); await wait(300); C.setFieldValue("email", "a@b.c");
	  };
	  // The login apps go first: on an official instance whose form of a no-login app was shown, a login app's form
	  // stays on "Add tool" and never loads (seen in Chromium).
	  const all = async (who, sdk, C) => [
	    ...await run(who, sdk, C, "slack-post-message", slack, undefined, (ai) => ai("thread_ts", false)),
	    ...await run(who, sdk, C, "sendgrid-send-email", sendgrid, undefined, (ai) => ai("from", false)),
	    ...await run(who, sdk, C, "hubspot-create-contact", hubspot, undefined, crm),
	    ...await run(who, sdk, C, "open-meteo-get-forecast", meteo, undefined, fillDays),
	    ...await run(who, sdk, C, "open-meteo-get-forecast", meteo, undefined, reorder),
	    ...await run(who, sdk, C, "open-meteo-get-forecast", meteo, value)];
	  // The account picked on ours' Authorization tab is the tool's (the official's radio changes, its tool's account
	  // does not: docs/protocol.md#surface-function-form), and the form's dynamic dropdowns read their choices with it:
	  // the channel's data source is asked with that account.
	  const channels = () => performance.getEntriesByType("resource").map((e) => new URL(e.name))
	    .filter((u) => u.pathname.includes("/functions/slack-list-conversations/call")).map((u) => u.searchParams.get("connected_account_id"));
	  const picked = await run("Ours", ours, IntegryJS, "slack-post-message", slack, undefined, () => until(() => channels().includes(`+strconv.Quote(sandboxtest.AccountID(old))+`),
	    () => "the channels asked with old@acme's account " + `+strconv.Quote(sandboxtest.AccountID(old))+` + ", not " + JSON.stringify(channels())), "old@acme");
	  return {Official: typed(await all("Official", off, Official)), Ours: await all("Ours", ours, IntegryJS), Picked: picked};
	})()`, &got)
	if len(got.Official) != 11 || len(got.Ours) != 11 || len(got.Picked) != 2 {
		t.Fatalf("callbacks: official %d, ours %d, want 11 each (load and change for each of 5 forms, then load); %d with an account picked, want 2", len(got.Official), len(got.Ours), len(got.Picked))
	}
	for i := range got.Official {
		o, m := got.Official[i], got.Ours[i]
		var a, b any
		if json.Unmarshal(o[1], &a) != nil || json.Unmarshal(m[1], &b) != nil || string(o[0]) != string(m[0]) || !reflect.DeepEqual(a, b) {
			t.Errorf("callback %d:\n official %s %s\n ours     %s %s", i, o[0], o[1], m[0], m[1])
		}
	}
	// The equality above could hold with no data-source tools on either side.
	var slack struct {
		Meta struct {
			DataSourceTools []struct {
				JSONSchema struct{ Function struct{ Name string } } `json:"json_schema"`
			} `json:"data_source_tools"`
		}
	}
	var tools []string
	if err := json.Unmarshal(got.Ours[0][1], &slack); err != nil {
		t.Fatalf("Slack's onLoad tool: %v", err)
	}
	for _, d := range slack.Meta.DataSourceTools {
		tools = append(tools, d.JSONSchema.Function.Name)
	}
	if strings.Join(tools, ",") != "slack-list-conversations,slack-get-conversation-history" {
		t.Errorf("Slack's onLoad data_source_tools are %q, want its channel's and thread_ts' sources", tools)
	}
	var picked struct {
		Meta struct {
			Account json.Number `json:"connected_account_id"`
		}
	}
	if err := json.Unmarshal(got.Picked[1][1], &picked); err != nil || picked.Meta.Account.String() != sandboxtest.AccountID(old) {
		t.Errorf("Slack's tool after old@acme was picked names account %s (%v), want %s", picked.Meta.Account, err, sandboxtest.AccountID(old))
	}
}

// renderFunctionForm of an app with a login opens on its Authorization tab.
// With no account the fields cannot be reached and Save is off; Add
// account connects one, picks it (the form is rendered again with it) and
// shows the fields, and the tool names it
// (docs/protocol.md#surface-function-form).
func TestFunctionFormAuthorizationTab(t *testing.T) {
	p := newPage(t)
	p.ok(`(window.hashes["u-tool-auth"] = `+strconv.Quote(p.sb.Hash("u-tool-auth"))+`, true)`, nil)
	p.ok(`(async () => {
	  window.ft = new IntegryJS(cfg("u-tool-auth")); await ft.ready;
	  document.body.append(Object.assign(document.createElement("div"), {id: "ft"}));
	  window.ftLog = [];
	  const push = (what) => (v) => ftLog.push([what, v.meta.connected_account_id]);
	  await ft.renderFunctionForm({containerId: "ft", functionName: "hubspot-create-contact", onChange: push("change"), onLoad: push("load")});
	  return true;
	})()`, nil)
	var before struct {
		Log                       [][2]any
		Next, Input, Save, Fields bool
		Tabs                      []string
	}
	p.ok(`(async () => {
	  for (let i = 0; i < 400 && ftLog.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
	  const d = document.getElementById("ft");
	  window.ftForm = d.querySelector(".integry-inline");
	  return {Log: ftLog, Next: d.querySelector(".integry-tool-next").disabled, Input: d.querySelectorAll("[role=tab]")[1].disabled,
	    Save: d.querySelector(".integry-tool-save").disabled, Fields: d.querySelector("form").checkVisibility(),
	    Tabs: [...d.querySelectorAll("[role=tab]")].map((b) => b.textContent + ":" + b.getAttribute("aria-selected"))};
	})()`, &before)
	if len(before.Log) != 1 || before.Log[0][1] != nil || !before.Next || !before.Input || !before.Save || before.Fields ||
		strings.Join(before.Tabs, ",") != "Authorization:true,Input (4):false" {
		t.Errorf("with no HubSpot account: %+v; want onLoad with account null, Next, the Input tab and Save off, the fields hidden, tabs Authorization:true,Input (4):false", before)
	}
	popup := p.clickPopup(`#ft .integry-tool-add-account`)
	if err := clickInPopup(popup, `button[value=allow]`); err != nil {
		t.Fatalf("allowing in the popup: %v", err)
	}
	var after struct {
		Accounts     []string
		Fields       bool
		Log          [][2]any
		Forms        int
		Again, InTab bool
	}
	p.ok(`(async () => {
	  const d = document.getElementById("ft");
	  for (let i = 0; i < 400 && !(d.querySelector(".integry-inline") !== ftForm && d.querySelector("form").checkVisibility()); i++) await new Promise((r) => setTimeout(r, 25));
	  const forms = d.querySelectorAll(".integry-inline"), again = forms[0] !== ftForm, inTab = !!forms[0].querySelector(":scope > .integry-tabs");
	  d.querySelector(".integry-tool-save").click();
	  for (let i = 0; i < 400 && ftLog.length < 2; i++) await new Promise((r) => setTimeout(r, 25));
	  return {Accounts: [...d.querySelectorAll("input[type=radio]")].map((r) => r.parentElement.textContent + ":" + r.checked),
	    Fields: d.querySelector("form").checkVisibility(), Log: ftLog, Forms: forms.length, Again: again, InTab: inTab};
	})()`, &after)
	if len(after.Accounts) != 1 || !strings.HasSuffix(after.Accounts[0], ":true") || !after.Fields || len(after.Log) != 2 || after.Log[1][1] == nil ||
		after.Forms != 1 || !after.Again || !after.InTab {
		t.Errorf("after Add account: %+v; want the new account listed and picked, the fields shown, Save's tool naming it, and one form "+
			"rendered again with that account, with the tabs", after)
	}
}

// renderFormFields on both SDKs: the page's field objects show the given
// values, report them once loaded, and typing into them gives onChange the
// same (key, value) pairs (docs/protocol.md#surface-form-fields).
func TestFormFieldsEqualTheOfficial(t *testing.T) {
	p := newPageWith(t, pageOptions{Official: true})
	var got struct{ Official, Ours json.RawMessage }
	p.ok(`(async () => {
	  const off = new Official(cfg("u-other")), ours = new IntegryJS(cfg("u-other"));
	  await Promise.all([new Promise((r) => off.eventEmitter.on("ready", r)), ours.ready]);
	  const fields = [
	    {meta: {title: "Email", description_for_users: "User email", is_required: true, machine_name: "email", ui: {placeholder: "Enter email", ui_field: {type: "TEXTFIELD"}}}, type: "string"},
	    {id: "notes", meta: {title: "Notes", machine_name: "notes", ui: {ui_field: {type: "TEXTAREA"}}}, type: "string"},
	  ];
	  const run = async (sdk, C) => {
	    const d = document.createElement("div"); d.id = "fields-" + Math.random().toString(36).slice(2); document.body.append(d);
	    const log = [];
	    sdk.renderFormFields(d.id, fields, {values: {email: "a@b.c"}, onChange: (k, v) => log.push([k, v])});
	    // Once loaded, a field given a value reports it.
	    await until(() => d.querySelector("input") && d.querySelector("textarea") && log.length === 1);
	    const shown = d.querySelector("input").value;
	    const type = (el, v) => { el.focus(); el.value = v; el.dispatchEvent(new Event("input", {bubbles: true})); el.dispatchEvent(new KeyboardEvent("keyup", {key: "a", bubbles: true})); };
	    type(d.querySelector("input"), "x@y.z"); await until(() => log.length === 2);
	    type(d.querySelector("textarea"), "hi"); await until(() => log.length === 3);
	    await wait(300);
	    d.remove();
	    return {shown, log};
	  };
	  return {Official: await run(off, Official), Ours: await run(ours, IntegryJS)};
	})()`, &got)
	var a, b any
	if json.Unmarshal(got.Official, &a) != nil || json.Unmarshal(got.Ours, &b) != nil || !reflect.DeepEqual(a, b) {
		t.Errorf("renderFormFields:\n official %s\n ours     %s", got.Official, got.Ours)
	}
}

// renderMultipurposeField on both SDKs: a text field given a value reports
// it once loaded, with true, and typing into it gives onChange the text;
// mappable, ours offers the tags of activityOutputData in its tag menu
// (docs/protocol.md#surface-multipurpose-field).
func TestMultipurposeFieldEqualsTheOfficial(t *testing.T) {
	p := newPageWith(t, pageOptions{Official: true})
	var got struct {
		Official, Ours json.RawMessage
		Tags           []string
	}
	p.ok(`(async () => {
	  const off = new Official(cfg("u-other")), ours = new IntegryJS(cfg("u-other"));
	  await Promise.all([new Promise((r) => off.eventEmitter.on("ready", r)), ours.ready]);
	  let tags = [];
	  const run = async (sdk) => {
	    const d = document.createElement("div"); d.id = "mp-" + Math.random().toString(36).slice(2); document.body.append(d);
	    const log = [];
	    sdk.renderMultipurposeField({containerId: d.id, multipurposeFieldProps: {title: "Greeting", description: "What to say", placeholder: "Say hi",
	      value: "hello", type: "TEXTFIELD", activityOutputData: {user: {name: "Ada"}}, onChange: (...a) => log.push(a), isEditable: true, isMappable: true}});
	    await until(() => d.querySelector("input[type=text]") && log.length === 1);
	    const input = d.querySelector("input[type=text]");
	    input.focus(); input.value = "hey";
	    input.dispatchEvent(new Event("input", {bubbles: true})); input.dispatchEvent(new KeyboardEvent("keyup", {key: "y", bubbles: true}));
	    await until(() => log.length === 2);
	    if (sdk === ours) tags = [...d.querySelectorAll("select.integry-tag-menu option")].map((o) => o.value).filter(Boolean);
	    d.remove();
	    return log;
	  };
	  return {Official: await run(off), Ours: await run(ours), Tags: tags};
	})()`, &got)
	var a, b any
	if json.Unmarshal(got.Official, &a) != nil || json.Unmarshal(got.Ours, &b) != nil || !reflect.DeepEqual(a, b) {
		t.Errorf("renderMultipurposeField's onChange calls:\n official %s\n ours     %s", got.Official, got.Ours)
	}
	if len(got.Tags) != 1 || got.Tags[0] != "{user.name}" {
		t.Errorf("our tag menu offers %q, want the one tag of activityOutputData, {user.name}", got.Tags)
	}
}

// The three form members refuse what they cannot render with a coded
// error, and the instance goes on working: no options object or a fields
// list that is not an array is invalid_argument, and an unknown function
// rejects as showFunction does (a multipurpose field's bad props:
// TestMultipurposeFieldRefusesBadInput).
func TestFormMembersRefuseBadInput(t *testing.T) {
	p := newPage(t)
	p.ok(`(window.fm = new IntegryJS(cfg("u-bad")), fm.ready)`, nil)
	p.ok(`(document.body.append(Object.assign(document.createElement("div"), {id: "fm-box"})), true)`, nil)
	p.rejects(`fm.renderFormFields("fm-box", "not a list")`, "invalid_argument")
	p.rejects(`fm.renderMultipurposeField(null)`, "invalid_argument")
	p.rejects(`fm.renderFunctionForm(42)`, "invalid_argument")
	p.rejects(`fm.renderFunctionForm({containerId: "fm-box", functionName: "no-such-function"})`, "function_not_found")
	p.ok(`fm.renderFormFields("fm-box", [{id: "city", type: "string", meta: {title: "City"}}], {values: {city: "Berlin"}})`, nil)
	var v string
	p.ok(`document.querySelector("#fm-box [name=city]").value`, &v)
	if v != "Berlin" {
		t.Errorf("after the refusals renderFormFields shows %q, want Berlin", v)
	}
}
