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
	if saved["off"] != saved["ours"] {
		t.Errorf("the integrations differ:\nofficial %s\nours     %s", saved["off"], saved["ours"])
	}
	if !strings.Contains(saved["ours"], `"status":"ACTIVE"`) || !strings.Contains(saved["ours"], `"authorization":"<slack>"`) {
		t.Errorf("ours saved %s", saved["ours"])
	}

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
