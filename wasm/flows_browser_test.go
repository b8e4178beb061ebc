//go:build !js

package main

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// flowDriverJS records the flow events of an instance and clicks through a
// setup form: the official one by its primary button, ours by its submit
// button, each time the button is enabled, until the integration is saved.
const flowDriverJS = `
window.flowEvents = {};
window.recordFlows = function (key, inst) {
  const list = flowEvents[key] = [];
  ["did-load-flows", "did-load-flow", "did-load-integration", "did-save-integration", "integration-created",
   "did-enable-integration", "did-disable-integration", "did-rename-integration", "did-delete-integration",
   "did-change-step", "did-select-authorization"].forEach(function (name) {
    inst.eventEmitter.on(name, function (p) { list.push({name: name, payload: p}); });
  });
  return list;
};
window.until = async function (f) {
  for (;;) {
    const v = f();
    if (v) return v;
    await new Promise(function (r) { setTimeout(r, 20); });
  }
};
window.clickThrough = async function (key, selector, disabledClass) {
  const list = flowEvents[key];
  const saved = function () { return list.some(function (e) { return e.name == "integration-created"; }); };
  const clicked = [];
  while (!saved()) {
    const b = await until(function () {
      const b = document.querySelector(selector);
      return saved() || (b && !b.disabled && !(disabledClass && b.classList.contains(disabledClass)) ? b : null);
    });
    if (b === true) break;
    const seen = list.length;
    clicked.push(b.innerText.trim());
    b.click();
    await until(function () { return list.length > seen; });
  }
  // the events that follow a save (the flows list reloads)
  await until(function () { return list.filter(function (e) { return e.name == "did-load-flows"; }).length >= 2; });
  return clicked;
};
`

// flowEvent is one recorded event.
type flowEvent struct {
	Name    string          `json:"name"`
	Payload json.RawMessage `json:"payload"`
}

// The official SDK and ours each set up "Post new Pipedrive persons to
// Slack" for a fresh user with the same choices (the first account of
// each app, the template's values). The integration each leaves behind
// reads the same through the sandbox's REST API, and both fire the same
// flow events, in the same order, with equal payloads once each user's own
// IDs are named by role (docs/flows.md#ours).
func TestFlowSetupEqualsTheOfficial(t *testing.T) {
	p := newPageWith(t, pageOptions{Official: true})
	users := map[string]string{"off": "u-flow-official", "ours": "u-flow-ours"}
	ids := map[string]map[string]int64{}
	for key, user := range users {
		ids[key] = map[string]int64{
			"pipedrive": p.sb.Connect(t, user, "pipedrive", "pd@acme.com"),
			"slack":     p.sb.Connect(t, user, "slack", "team@acme.com"),
		}
		p.ok(`(window.hashes[`+strconv.Quote(user)+`] = `+strconv.Quote(p.sb.Hash(user))+`, true)`, nil)
	}
	p.ok(`(() => {`+flowDriverJS+`
	  for (const id of ["off", "ours"]) { const d = document.createElement("div"); d.id = id; document.body.append(d); }
	  return true; })()`, nil)

	var clicked []string
	p.ok(`(async () => {
	  const sdk = new Official(cfg("u-flow-official"));
	  recordFlows("off", sdk);
	  await new Promise(function (r) { sdk.eventEmitter.on("ready", r); });
	  sdk.renderFlowSetupForm({flowId: "7101", flowContainerId: "off"});
	  return clickThrough("off", "#off button.integry-container__button--primary", "integry-container__button--disabled");
	})()`, &clicked)
	t.Logf("official: clicked %q", clicked)
	p.ok(`(async () => {
	  const sdk = new IntegryJS(cfg("u-flow-ours"));
	  recordFlows("ours", sdk);
	  await sdk.renderFlowSetupForm({flowId: "7101", flowContainerId: "ours"});
	  return clickThrough("ours", "#ours form.integry-form button[type=submit]");
	})()`, &clicked)
	t.Logf("ours: clicked %q", clicked)
	if got := strings.Join(clicked, ", "); got != "Next, Next, Save" {
		t.Errorf("our buttons: %s", got)
	}

	// What each SDK saved, read back through the REST API, each user's IDs
	// named by role.
	saved := savedByRole(t, p, users, ids)
	if saved["off"] != saved["ours"] {
		t.Errorf("the integrations differ:\nofficial %s\nours     %s", saved["off"], saved["ours"])
	}
	if !strings.Contains(saved["ours"], `"status":"ACTIVE"`) || !strings.Contains(saved["ours"], `"authorization":"<slack>"`) {
		t.Errorf("ours saved %s", saved["ours"])
	}

	sameFlowEvents(t, p, ids)
}

// sameFlowEvents reads the flow events each SDK fired (the page's
// flowEvents) and checks they are the same, in the same order, with equal
// payloads once each user's IDs are named by role; it returns them.
func sameFlowEvents(t *testing.T, p *page, ids map[string]map[string]int64) map[string][]flowEvent {
	t.Helper()
	var events map[string][]flowEvent
	p.ok(`flowEvents`, &events)
	for i := 0; i < max(len(events["off"]), len(events["ours"])); i++ {
		var off, ours string
		if i < len(events["off"]) {
			off = events["off"][i].Name + " " + byRole(string(events["off"][i].Payload), ids["off"])
		}
		if i < len(events["ours"]) {
			ours = events["ours"][i].Name + " " + byRole(string(events["ours"][i].Payload), ids["ours"])
		}
		if off != ours {
			t.Errorf("event %d:\nofficial %s\nours     %s", i, off, ours)
		}
	}
	return events
}

// savedByRole reads the one integration each user (by key) saved through
// the REST API, adds its ID to the user's ids as "integration", and returns
// it as JSON with the user's IDs named by role and the timestamps left out.
func savedByRole(t *testing.T, p *page, users map[string]string, ids map[string]map[string]int64) map[string]string {
	t.Helper()
	saved := map[string]string{}
	for key, user := range users {
		resp, err := http.Get(p.sb.URL + "/api/v1/integrations/?" + p.sb.Query(user))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var list struct {
			Results []map[string]any `json:"results"`
		}
		if err := json.Unmarshal(b, &list); err != nil || len(list.Results) != 1 {
			t.Fatalf("%s: %v %s", key, err, b)
		}
		in := list.Results[0]
		for _, k := range []string{"created_at", "modified_at"} {
			delete(in, k)
		}
		ids[key]["integration"] = int64(in["id"].(float64))
		out, _ := json.Marshal(in)
		saved[key] = byRole(string(out), ids[key])
	}
	return saved
}

// byRole names the numbers of ids by their role in a JSON text: "<slack>"
// for the user's Slack account, "<integration>" for the integration's ID,
// also where it begins the IDs the sandbox derives from it (its steps and
// values: "<integration>1"); times are "<time>".
func byRole(s string, ids map[string]int64) string {
	roles := make([]string, 0, len(ids))
	for r := range ids {
		roles = append(roles, r)
	}
	sort.Strings(roles)
	for _, r := range roles {
		n := strconv.FormatInt(ids[r], 10)
		if r == "integration" {
			re := regexp.MustCompile(`([:\[,])"?` + n + `(\d*)"?([,}\]])`)
			s = re.ReplaceAllString(s, `$1"<`+r+`>$2"$3`)
			continue
		}
		re := regexp.MustCompile(`([:\[,])"?` + n + `"?([,}\]])`)
		s = re.ReplaceAllString(s, `$1"<`+r+`>"$2`)
	}
	return regexp.MustCompile(`"\d{4}-\d\d-\d\dT[^"]*"`).ReplaceAllString(s, `"<time>"`)
}

// Our flows list manages an integration: its switch disables it, Rename
// and Delete change it, each with the official list's event and payload,
// and the official SDK reads every change; a rename the official SDK makes
// shows in our list (docs/flows.md#ours-list).
func TestFlowsListManagesIntegrations(t *testing.T) {
	p := newPageWith(t, pageOptions{Official: true})
	const user = "u-flow-list"
	pd := p.sb.Connect(t, user, "pipedrive", "pd@acme.com")
	sl := p.sb.Connect(t, user, "slack", "team@acme.com")
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
	row := `#list [data-integration="` + id + `"]`
	p.ok(`(window.hashes[`+strconv.Quote(user)+`] = `+strconv.Quote(p.sb.Hash(user))+`, true)`, nil)
	p.ok(`(async () => {`+flowDriverJS+`
	  const d = document.createElement("div"); d.id = "list"; document.body.append(d);
	  window.ours = new IntegryJS(cfg("u-flow-list"));
	  recordFlows("ours", ours);
	  window.official = new Official(cfg("u-flow-list"));
	  await new Promise(function (r) { official.eventEmitter.on("ready", r); });
	  window.lastEvent = function (name) { const l = flowEvents.ours.filter(function (e) { return e.name == name; }); return l.length ? l[l.length - 1].payload : null; };
	  await ours.showFlows("INLINE", "list");
	  return true; })()`, nil)
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

	// The switch disables it.
	p.ok(`(document.querySelector('`+row+` input[role=switch]').click(), true)`, nil)
	if got := event("did-disable-integration"); got != `{"integrationId":`+id+`,"name":"Persons to Slack","status":"INACTIVE"}` {
		t.Errorf("did-disable-integration %s", got)
	}
	if got := officialSees(`i.status`); got != "INACTIVE" {
		t.Errorf("the official SDK reads %s after our disable", got)
	}

	// Rename, from our list.
	p.ok(`(document.querySelector('`+row+` .integry-flow-rename').click(), true)`, nil)
	p.ok(`(() => { const i = document.querySelector('`+row+` form input'); i.value = "Renamed by ours";
	  document.querySelector('`+row+` form button[type=submit]').click(); return true; })()`, nil)
	if got := event("did-rename-integration"); got != `{"integrationId":`+id+`,"name":"Renamed by ours","status":"INACTIVE"}` {
		t.Errorf("did-rename-integration %s", got)
	}
	if got := officialSees(`i.name`); got != "Renamed by ours" {
		t.Errorf("the official SDK reads %q after our rename", got)
	}

	// The official SDK enables and renames it; a fresh list of ours shows it.
	p.ok(`official.apiHandler.toggleIntegration(`+id+`, true).then(function () { return official.apiHandler.renameIntegration("`+id+`", "Renamed by official"); }).then(function () { return true; })`, nil)
	p.ok(`(async () => { document.getElementById("list").replaceChildren(); await ours.showFlows("INLINE", "list"); return true; })()`, nil)
	var shown struct {
		Name    string `json:"name"`
		Checked bool   `json:"checked"`
	}
	p.ok(`({name: document.querySelector('`+row+` .integry-flow-instance-name').textContent, checked: document.querySelector('`+row+` input[role=switch]').checked})`, &shown)
	if shown.Name != "Renamed by official" || !shown.Checked {
		t.Errorf("our list after the official's changes: %+v", shown)
	}

	// The app's page lists the flows that use the app, with the
	// integration and its controls.
	var onAppPage bool
	p.ok(`(async () => { const d = document.createElement("div"); d.id = "app"; document.body.append(d);
	  await ours.showApp("slack", "INLINE", "app");
	  await until(function () { return document.querySelector('#app .integry-app-flows [data-flow="7101"] [data-integration="`+id+`"] input[role=switch]'); });
	  return !document.querySelector('#app .integry-app-flows [data-flow="7102"]'); })()`, &onAppPage)
	if !onAppPage {
		t.Errorf("Slack's page lists a flow that does not use Slack")
	}

	// Delete, confirmed.
	p.ok(`(document.querySelector('`+row+` .integry-flow-delete').click(), document.querySelector('`+row+` .integry-confirm .integry-danger').click(), true)`, nil)
	if got := event("did-delete-integration"); got != `{"flowId":7101,"flowName":"Post new Pipedrive persons to Slack","flowDescription":"When a person is added in Pipedrive, post a message about them in a Slack channel.","integrationId":`+id+`,"integrationName":"Renamed by official"}` {
		t.Errorf("did-delete-integration %s", got)
	}
	var gone bool
	p.ok(`until(function () { return !document.querySelector('`+row+`'); })`, &gone)
	var officialGone bool
	p.ok(`official.apiHandler.getIntegrationById(`+id+`).then(function (i) { return !i || !i.id; }, function () { return true; })`, &officialGone)
	resp, err = http.Get(p.sb.URL + "/v2/integration/" + id + "?" + p.sb.Query(user))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !officialGone || resp.StatusCode != 404 {
		t.Errorf("after our delete the official SDK finds it gone: %v; the sandbox answers %d", officialGone, resp.StatusCode)
	}
}

// With options.tags ["chat"], showFlows lists only the templates tagged
// chat, and the listing's request carries the tags in the same form as
// the official runtime's template listing: one tags parameter, the tags
// joined by commas (docs/flows.md#endpoints).
func TestFlowsListKeepsTheInstanceTags(t *testing.T) {
	p := newPageWith(t, pageOptions{Official: true})
	const user = "u-flow-tags"
	p.ok(`(window.hashes[`+strconv.Quote(user)+`] = `+strconv.Quote(p.sb.Hash(user))+`, true)`, nil)
	var got struct {
		Official string   `json:"official"`
		Ours     string   `json:"ours"`
		Flows    []string `json:"flows"`
	}
	p.ok(`(async () => {
	  // the page's resource timing entries name every request, query included
	  performance.setResourceTimingBufferSize(10000);
	  const listing = function () { return performance.getEntriesByType("resource").map(function (e) { return e.name; })
	    .filter(function (u) { return new URL(u).pathname == "/api/v1/sdk/flows/"; }); };
	  const tagsOf = function (u) { const m = /[?&](tags=[^&]*)/.exec(u); return m ? m[1] : ""; };
	  const official = new Official(cfg("u-flow-tags", {options: {tags: ["chat"]}}));
	  await new Promise(function (r) { official.eventEmitter.on("ready", r); });
	  await official.apiHandler.getTemplateListingV2(["chat"]);
	  const off = listing();
	  performance.clearResourceTimings();
	  const d = document.createElement("div"); d.id = "tagged"; document.body.append(d);
	  const ours = new IntegryJS(cfg("u-flow-tags", {options: {tags: ["chat"]}}));
	  await ours.showFlows("INLINE", "tagged");
	  const mine = listing();
	  return {official: off.length == 1 ? tagsOf(off[0]) : off.join(" "), ours: mine.length == 1 ? tagsOf(mine[0]) : mine.join(" "),
	    flows: Array.from(d.querySelectorAll("[data-flow]")).map(function (e) { return e.getAttribute("data-flow"); })};
	})()`, &got)
	if got.Official != "tags=chat" || got.Ours != got.Official {
		t.Errorf("the listing's tags: official %q, ours %q", got.Official, got.Ours)
	}
	if strings.Join(got.Flows, ",") != "7104,7101" {
		t.Errorf("our list with tags chat shows flows %v, want only 7104 and 7101", got.Flows)
	}
}

// TestFlowMethodsRefuseBadInput: the flow methods reject what they cannot
// use with a coded error, reject not_found for a flow that does not exist,
// and leave the instance working.
func TestFlowMethodsRefuseBadInput(t *testing.T) {
	p := newPage(t)
	const user = "u-flow-bad"
	p.ok(`(window.hashes[`+strconv.Quote(user)+`] = `+strconv.Quote(p.sb.Hash(user))+`, true)`, nil)
	var got map[string]string
	p.ok(`(async () => {
	  const sdk = new IntegryJS(cfg("u-flow-bad"));
	  await sdk.ready;
	  const d = document.createElement("div"); d.id = "flow-bad"; document.body.append(d);
	  const code = async (f) => { try { await f(); return "resolved"; } catch (e) { return String(e && e.code); } };
	  return {
	    noContainer: await code(() => sdk.renderFlowSetupForm({flowId: 7101})),
	    flowIdText: await code(() => sdk.renderFlowSetupForm({flowId: "seven", flowContainerId: "flow-bad"})),
	    setupNoId: await code(() => sdk.setupIntegration({})),
	    unknownFlow: await code(() => sdk.renderFlowSetupForm({flowId: 999999, flowContainerId: "flow-bad"})),
	    afterwards: await code(() => sdk.isAppConnected("slack")),
	  };
	})()`, &got)
	want := map[string]string{"noContainer": "invalid_argument", "flowIdText": "invalid_argument", "setupNoId": "invalid_argument", "afterwards": "resolved"}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %q, want %q", k, got[k], w)
		}
	}
	if c := got["unknownFlow"]; c != "not_found" {
		t.Errorf("renderFlowSetupForm of a flow that does not exist: %q, want not_found", c)
	}
}

// In our setup form, a mappable field of an action step has a menu of the
// trigger's data: choosing an entry appends its tag to the field, and the
// saved integration keeps it (docs/flows.md#ours).
func TestFlowSetupTriggerTagMenu(t *testing.T) {
	p := newPage(t)
	const user = "u-flow-tag-menu"
	p.sb.Connect(t, user, "pipedrive", "pd@acme.com")
	p.sb.Connect(t, user, "slack", "team@acme.com")
	p.ok(`(window.hashes[`+strconv.Quote(user)+`] = `+strconv.Quote(p.sb.Hash(user))+`, true)`, nil)
	var got struct {
		Tag, Value string
		Clicked    []string
	}
	p.ok(`(async () => {`+flowDriverJS+`
	  const d = document.createElement("div"); d.id = "tags"; document.body.append(d);
	  const sdk = new IntegryJS(cfg("u-flow-tag-menu"));
	  recordFlows("tags", sdk);
	  await sdk.renderFlowSetupForm({flowId: "7101", flowContainerId: "tags"});
	  (await until(function () { const b = document.querySelector("#tags form.integry-form button[type=submit]"); return b && !b.disabled && b; })).click();
	  const sel = await until(function () { return document.querySelector("#tags select.integry-flow-tags"); });
	  const input = sel.parentElement.querySelector("input, textarea");
	  const tag = sel.options[1].value;
	  sel.value = tag;
	  sel.dispatchEvent(new Event("change", {bubbles: true}));
	  const value = input.value;
	  const clicked = await clickThrough("tags", "#tags form.integry-form button[type=submit]");
	  return {tag: tag, value: value, clicked: clicked};
	})()`, &got)
	if !strings.HasPrefix(got.Tag, "{steps.trigger.out.") || !strings.HasSuffix(got.Value, got.Tag) {
		t.Fatalf("chose %q, the field holds %q", got.Tag, got.Value)
	}
	resp, err := http.Get(p.sb.URL + "/api/v1/integrations/?" + p.sb.Query(user))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), got.Tag) {
		t.Errorf("the saved integration lacks the chosen tag %s: %s", got.Tag, b)
	}
}

// The flows list's modal, like the marketplace's, mounts inside the
// container the page names, or inside #integry-marketplace at the end of
// <body>, which goes with the modal, so container-scoped CSS reaches it
// (docs/protocol.md#surface-styling).
func TestFlowModalsInTheContainer(t *testing.T) {
	p := newPage(t)
	const user = "u-flow-modal"
	p.ok(`(window.hashes[`+strconv.Quote(user)+`] = `+strconv.Quote(p.sb.Hash(user))+`, true)`, nil)
	var got struct{ Plain, Boxed, BoxAccent, AfterClose string }
	p.ok(`(async () => {
	  document.head.insertAdjacentHTML("beforeend", "<style>#flowbox { --integry-accent: rgb(200, 0, 0); }</style>");
	  const box = document.createElement("div"); box.id = "flowbox"; document.body.append(box);
	  const sdk = new IntegryJS(cfg("u-flow-modal"));
	  await sdk.ready;
	  const wait = async (n, sel) => { for (let k = 0; k < 400 && !n.querySelector(sel); k++) await new Promise((r) => setTimeout(r, 25)); return n.querySelector(sel); };
	  sdk.showFlows("MODAL").catch(() => {});
	  const plain = await wait(document.body, ":scope > #integry-marketplace > .integry-overlay");
	  plain.querySelector("button.integry-close").click();
	  for (let k = 0; k < 400 && document.getElementById("integry-marketplace"); k++) await new Promise((r) => setTimeout(r, 25));
	  const afterClose = document.getElementById("integry-marketplace") ? "still there" : "gone";
	  sdk.showFlows("MODAL", "flowbox").catch(() => {});
	  const boxed = await wait(box, ":scope > .integry-overlay");
	  return {Plain: plain ? "in #integry-marketplace" : "none", AfterClose: afterClose,
	    Boxed: boxed ? "in #flowbox" : "none", BoxAccent: boxed ? getComputedStyle(boxed.querySelector("button.integry-close")).getPropertyValue("--integry-accent").trim() : ""};
	})()`, &got)
	if got.Plain != "in #integry-marketplace" || got.Boxed != "in #flowbox" {
		t.Errorf("the flows modal sits %q with no container and %q with containerId flowbox", got.Plain, got.Boxed)
	}
	if got.AfterClose != "gone" {
		t.Errorf("#integry-marketplace after the modal closed: %s", got.AfterClose)
	}
	if got.BoxAccent != "rgb(200, 0, 0)" {
		t.Errorf("--integry-accent inside the modal in #flowbox: %q, want the container's rgb(200, 0, 0)", got.BoxAccent)
	}
}
