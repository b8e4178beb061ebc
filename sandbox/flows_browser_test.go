package sandbox_test

import (
	"encoding/json"
	"html/template"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/integry-go/integry/internal/browsertest"
)

// flowsPageTmpl loads the official SDK with a container for its flow
// setup form and records the flow events it emits.
var flowsPageTmpl = template.Must(template.New("flows").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>official sdk flows</title>
<script src="/integry.umd.js"></script></head><body>
<div id="setup"></div><div id="edit"></div><div id="list"></div><div id="app"></div>
<script>
window.events = [];
window.readyFired = new Promise(function (resolve) {
  window.sdk = new IntegryJS({appKey: {{.AppKey}}, hash: {{.Hash}}, userId: {{.UserID}},
    baseUrl: {{.Base}}, baseAPIUrl: {{.Base}}});
  sdk.eventEmitter.on("ready", function (p) { resolve(p); });
  ["did-load-flow", "did-load-flows", "did-load-integration", "did-save-integration", "integration-created",
   "did-enable-integration", "did-disable-integration", "did-rename-integration", "did-delete-integration",
   "did-change-step", "did-select-authorization", "did-add-authorization", "did-remove-authorization"].forEach(function (name) {
    sdk.eventEmitter.on(name, function (p) { window.events.push({name: name, payload: p}); });
  });
});
window.run = function (p) {
  return Promise.resolve(p).then(function (v) { return JSON.stringify(v === undefined ? null : v); },
    function (e) { return JSON.stringify({rejected: String(e && e.message || e)}); });
};
</script></body></html>`))

// until polls a condition in the page and clicks through the official
// setup form; the test's context bounds both.
const flowSetupJS = `
window.until = async function (f) {
  for (;;) {
    const v = f();
    if (v) return v;
    await new Promise(function (r) { setTimeout(r, 25); });
  }
};
window.saved = function (mode) {
  return events.find(function (e) { return e.name == "did-save-integration" && e.payload.event == (mode || "CREATE"); });
};
// setUp renders the form for a flow (for an integration: the edit form)
// in a container and clicks its primary button each time it is enabled,
// until the integration is saved; it returns the button texts it clicked.
window.setUp = async function (flowId, container, integrationId) {
  const mode = integrationId ? "EDIT" : "CREATE";
  sdk.renderFlowSetupForm({flowId: flowId, flowContainerId: container, integrationId: integrationId});
  const clicked = [];
  while (!saved(mode)) {
    const b = await until(function () {
      const b = document.querySelector("#" + container + " button.integry-container__button--primary");
      return saved(mode) || (b && !b.classList.contains("integry-container__button--disabled") ? b : null);
    });
    if (b === true || saved(mode)) break;
    const seen = events.length;
    clicked.push(b.innerText.trim());
    b.click();
    await until(function () { return events.length > seen; });
  }
  return clicked;
};
`

// The official SDK, unchanged, sets up "Post new Pipedrive persons to
// Slack" for a fresh user against the sandbox; the integration reads back
// through the REST API, firing the trigger posts to Slack, and the
// official flows list's disable, enable and delete and the runtime's
// rename are seen by the sandbox (docs/flows.md).
func TestOfficialSDKSetsUpAndManagesAFlow(t *testing.T) {
	const user = "flow user"
	sb, page := officialPage(t, flowsPageTmpl, user)
	pd := sb.Connect(t, user, "pipedrive", "pd@acme.com")
	sl := sb.Connect(t, user, "slack", "team@acme.com")
	ctx := browsertest.New(t, browsertest.Options{})
	if err := chromedp.Do(ctx, chromedp.Navigate(page+"/")); err != nil {
		t.Fatal(err)
	}
	eval := func(js string) string {
		t.Helper()
		out, err := chromedp.Run(ctx, chromedp.Evaluate[string]("run("+js+")", chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return out
	}
	eval("readyFired")
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](flowSetupJS+";true")); err != nil {
		t.Fatal(err)
	}
	clicked := eval(`setUp("7101", "setup")`)
	var ev struct {
		Name    string `json:"name"`
		Payload struct {
			IntegrationID int64  `json:"integrationId"`
			FlowID        int64  `json:"flowId"`
			Status        string `json:"status"`
		} `json:"payload"`
	}
	if err := json.Unmarshal([]byte(eval("saved()")), &ev); err != nil || ev.Payload.IntegrationID == 0 || ev.Payload.FlowID != 7101 || ev.Payload.Status != "ACTIVE" {
		t.Fatalf("did-save-integration %+v (%v) after clicking %s", ev, err, clicked)
	}
	id := strconv.FormatInt(ev.Payload.IntegrationID, 10)
	if got := eval(`events.filter(function (e) { return e.name == "integration-created"; }).length`); got != "1" {
		t.Fatalf("integration-created fired %s times", got)
	}

	// What the official form saved, read back through the REST API.
	r := api(t, sb, user, "GET", "/api/v1/integrations/", "")
	var list struct {
		Results []struct {
			ID       int64  `json:"id"`
			Template int64  `json:"template"`
			Status   string `json:"status"`
			Steps    []struct {
				Authorization int64 `json:"authorization"`
				Values        []struct {
					Value string `json:"value"`
				} `json:"app_user_data"`
			} `json:"steps"`
		} `json:"results"`
	}
	if err := json.Unmarshal(r.body, &list); err != nil || len(list.Results) != 1 {
		t.Fatalf("integrations: %v %s", err, r.body)
	}
	in := list.Results[0]
	if in.ID != ev.Payload.IntegrationID || in.Template != 7101 || in.Status != "ACTIVE" || len(in.Steps) != 2 ||
		in.Steps[0].Authorization != pd || in.Steps[1].Authorization != sl || len(in.Steps[1].Values) != 2 ||
		in.Steps[1].Values[0].Value != "general" || in.Steps[1].Values[1].Value != "New Pipedrive person: {steps.trigger.out.name}" {
		t.Fatalf("integration as saved: %s", r.body)
	}

	// Firing the trigger runs the flow: the message is in Slack, the run in
	// the call log.
	wantStatus(t, api(t, sb, user, "POST", "/_sandbox/triggers/pipedrive/person.added", `{"name": "Ada Lovelace"}`), 200)
	if msgs := slackMessages(t, sb, user); !strings.Contains(msgs, "New Pipedrive person: Ada Lovelace") {
		t.Fatalf("#general: %s", msgs)
	}
	var logged []string
	for _, c := range sb.Calls(t, user) {
		if c.Run != nil && strconv.FormatInt(c.Run.IntegrationID, 10) == id {
			logged = append(logged, c.Run.Step+" "+c.Run.Status)
		}
	}
	if strings.Join(logged, ", ") != "trigger COMPLETED, action_1 COMPLETED" {
		t.Fatalf("the run in the call log: %q", logged)
	}

	// The official flows list (showFlows) disables, enables and deletes it;
	// the runtime's own call renames it. The sandbox sees each.
	status := func() string {
		t.Helper()
		r := api(t, sb, user, "GET", "/v2/integration/"+id, "")
		wantStatus(t, r, 200)
		return r.json(t)["status"].(string) + " " + r.json(t)["name"].(string)
	}
	eval(`(sdk.showFlows("INLINE", "list"), until(function () { return document.getElementById("` + id + `"); }))`)
	// toggle clicks the integration's switch once it can take the click:
	// the official list disables it while it reloads after a change, and
	// a disabled switch drops the click (then no event would come).
	toggle := func(event string) string {
		t.Helper()
		before := strconv.FormatBool(event == "did-disable-integration") // the switch's state before the click
		return eval(`(async function () {
			const sw = await until(function () {
				const e = document.getElementById("` + id + `");
				return e && !e.disabled && e.checked === ` + before + ` ? e : null;
			});
			const seen = events.length;
			sw.click();
			return until(function () { return events.slice(seen).find(function (e) { return e.name == "` + event + `"; }); })
				.then(function (e) { return e.payload; });
		})()`)
	}
	if got := toggle("did-disable-integration"); got != `{"integrationId":`+id+`,"name":"Post new Pipedrive persons to Slack","status":"INACTIVE"}` {
		t.Fatalf("did-disable-integration %s", got)
	}
	if got := status(); got != "INACTIVE Post new Pipedrive persons to Slack" {
		t.Fatalf("after the toggle: %s", got)
	}
	toggle("did-enable-integration")
	eval(`sdk.apiHandler.renameIntegration("` + id + `", "Persons to #general")`)
	if got := status(); got != "ACTIVE Persons to #general" {
		t.Fatalf("after the second toggle and the rename: %s", got)
	}
	// The official edit form saves the integration again (a PUT); the
	// rename stays.
	if got := eval(`setUp("7101", "edit", ` + id + `).then(function () { return saved("EDIT").payload.integrationId; })`); got != id {
		t.Fatalf("edit saved %s", got)
	}
	if got := status(); got != "ACTIVE Persons to #general" {
		t.Fatalf("after the edit: %s", got)
	}

	// The official app page lists the app's flows with this integration.
	eval(`(sdk.showApp("pipedrive", "INLINE", "app"), until(function () {
		const t = document.getElementById("app").innerText;
		return t.indexOf("Persons to #general") >= 0 && t.indexOf("Copy new HubSpot contacts to Pipedrive") >= 0;
	}))`)
	got := eval(`(function () {
		const del = Array.from(document.querySelectorAll("#list div")).find(function (d) { return d.children.length == 0 && d.innerText == "Delete"; });
		del.click();
		return until(function () { return events.find(function (e) { return e.name == "did-delete-integration"; }); })
			.then(function (e) { return e.payload.integrationId + " " + e.payload.flowId; });
	})()`)
	if got != `"`+id+` 7101"` {
		t.Fatalf("did-delete-integration %s", got)
	}
	wantStatus(t, api(t, sb, user, "GET", "/v2/integration/"+id, ""), 404)
}

// "Add account" in the official setup form opens the sandbox's consent
// page for the step's app; Allow adds the account to the step and the form
// fires did-add-authorization with it (docs/flows.md#setup).
func TestOfficialFlowSetupAddsAnAccount(t *testing.T) {
	const user = "new flow user"
	sb, page := officialPage(t, flowsPageTmpl, user)
	ctx := browsertest.New(t, browsertest.Options{BlockPopups: true})
	if err := chromedp.Do(ctx, chromedp.Navigate(page+"/")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](`readyFired.then(function () {
		sdk.renderFlowSetupForm({flowId: "7102", flowContainerId: "setup"});
		return "";
	})`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	popupID := chromedp.WaitNewTarget(ctx, func(i *target.Info) bool { return i.Type == "page" })
	if err := chromedp.Do(ctx, chromedp.Click(`#setup [class*="addAccountCTA"]`)); err != nil {
		t.Fatal(err)
	}
	pctx, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(<-popupID))
	defer cancel()
	if err := chromedp.Do(pctx, chromedp.WaitVisible(`button[value="allow"]`), chromedp.SetValue("#display_name", "crm@acme.com"),
		chromedp.Click(`button[value="allow"]`)); err != nil {
		t.Fatal(err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new Promise(function (resolve) {
		(function poll() {
			const e = events.find(function (e) { return e.name == "did-add-authorization"; });
			if (e) resolve(JSON.stringify(e.payload)); else setTimeout(poll, 25);
		})();
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	var added struct {
		Identity        string `json:"identity"`
		AuthorizationID int64  `json:"authorizationId"`
		FlowID          int64  `json:"flowId"`
		AppName         string `json:"appName"`
		AlreadyExists   bool   `json:"alreadyExists"`
	}
	if err := json.Unmarshal([]byte(raw), &added); err != nil {
		t.Fatal(err)
	}
	r := api(t, sb, user, "POST", "/apps/hubspot/get/", "")
	accs, _ := r.json(t)["connected_accounts"].([]any)
	if len(accs) != 1 {
		t.Fatalf("hubspot accounts after Allow: %s", r.body)
	}
	id := int64(accs[0].(map[string]any)["id"].(float64))
	if added.AuthorizationID != id || added.Identity != "crm@acme.com" || added.FlowID != 7102 || added.AppName != "HubSpot" || added.AlreadyExists {
		t.Fatalf("did-add-authorization %s, account %d", raw, id)
	}
}

// The official SDK, unchanged, sets up every flow template the sandbox
// lists, each for the same fresh user with every app connected, clicking
// its primary button with the template's defaults; each save reads back
// through the REST API as an active integration of that template. Template
// 7104's channel has no default, so a person must pick one: the official
// does that in wasm's TestFlowSetupSelectFieldEqualsTheOfficial.
func TestOfficialSDKSetsUpEveryTemplate(t *testing.T) {
	const user = "every flow user"
	sb, page := officialPage(t, flowsPageTmpl, user)
	for _, app := range []string{"pipedrive", "slack", "hubspot", "sendgrid"} {
		sb.Connect(t, user, app, app+"@acme.com")
	}
	var flows struct {
		Results []struct {
			ID int64 `json:"id"`
		} `json:"results"`
	}
	if r := api(t, sb, user, "GET", "/api/v1/sdk/flows/", ""); json.Unmarshal(r.body, &flows) != nil || len(flows.Results) == 0 {
		t.Fatalf("flows: %s", r.body)
	}
	ctx := browsertest.New(t, browsertest.Options{})
	if err := chromedp.Do(ctx, chromedp.Navigate(page+"/")); err != nil {
		t.Fatal(err)
	}
	eval := func(js string) string {
		t.Helper()
		out, err := chromedp.Run(ctx, chromedp.Evaluate[string]("run("+js+")", chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return out
	}
	eval("readyFired")
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](flowSetupJS+";true")); err != nil {
		t.Fatal(err)
	}
	want := map[int64]bool{}
	for _, f := range flows.Results {
		if f.ID == 7104 {
			continue
		}
		id := strconv.FormatInt(f.ID, 10)
		// One container per template, and the events of the one before
		// cleared, so that saved() sees this template's save.
		clicked := eval(`(events.length = 0, document.body.insertAdjacentHTML("beforeend", '<div id="t` + id + `"></div>'), setUp("` + id + `", "t` + id + `"))`)
		if got := eval(`saved() && saved().payload.flowId`); got != id {
			t.Errorf("template %s: did-save-integration for flow %s after clicking %s", id, got, clicked)
		}
		want[f.ID] = true
	}

	r := api(t, sb, user, "GET", "/api/v1/integrations/", "")
	var list struct {
		Results []struct {
			Template int64  `json:"template"`
			Status   string `json:"status"`
		} `json:"results"`
	}
	if err := json.Unmarshal(r.body, &list); err != nil || len(list.Results) != len(want) {
		t.Fatalf("integrations: %v %s", err, r.body)
	}
	for _, in := range list.Results {
		if !want[in.Template] || in.Status != "ACTIVE" {
			t.Errorf("integration of template %d, status %s: not one per listed template, active", in.Template, in.Status)
		}
		delete(want, in.Template)
	}
}
