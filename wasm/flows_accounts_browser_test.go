//go:build !js

package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// In our setup form a step's account is verified before Next is enabled:
// an account disconnected after the form opened says it cannot be used and
// keeps Next disabled, another one enables it. Add account connects an
// account in the connect popup, chooses it and fires did-add-authorization,
// and the integration saved uses it (docs/flows.md#ours-accounts).
func TestFlowSetupVerifiesAndAddsAccounts(t *testing.T) {
	p := newPage(t)
	const user = "u-flow-accounts"
	p.sb.Connect(t, user, "pipedrive", "pd@acme.com")
	team := p.sb.Connect(t, user, "slack", "team@acme.com")
	old := p.sb.Connect(t, user, "slack", "old@acme.com")
	p.ok(`(window.hashes[`+strconv.Quote(user)+`] = `+strconv.Quote(p.sb.Hash(user))+`, true)`, nil)
	const form = `#accounts`
	p.ok(`(async () => {`+flowDriverJS+`
	  const d = document.createElement("div"); d.id = "accounts"; document.body.append(d);
	  window.ours = new IntegryJS(cfg("u-flow-accounts"));
	  recordFlows("acc", ours);
	  window.added = new Promise(function (r) { ours.eventEmitter.on("did-add-authorization", r); });
	  await ours.renderFlowSetupForm({flowId: "7101", flowContainerId: "accounts"});
	  (await until(function () { const b = document.querySelector("`+form+` form.integry-form button[type=submit]"); return b && !b.disabled && b; })).click();
	  await until(function () { return document.querySelector("`+form+` .integry-flow-back"); });
	  return true; })()`, nil)

	// old@ is disconnected after the form read its steps.
	req, _ := http.NewRequest("DELETE", p.sb.URL+"/connected-accounts/"+strconv.FormatInt(old, 10)+"?force=false&"+p.sb.Query(user), nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	choose := func(id int64) {
		t.Helper()
		p.ok(`(() => { const s = document.querySelector("`+form+` .integry-flow-page select");
		  s.value = "`+strconv.FormatInt(id, 10)+`"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, nil)
	}
	choose(old)
	var refused string
	p.ok(`until(function () { const s = document.querySelector("`+form+` .integry-status").textContent;
	  return s.startsWith("Could not authorize") && document.querySelector("`+form+` form.integry-form button[type=submit]").disabled && s; })`, &refused)
	if !strings.Contains(refused, "not connected") {
		t.Errorf("choosing a disconnected account says %q", refused)
	}
	choose(team)
	p.ok(`until(function () { return !document.querySelector("`+form+` form.integry-form button[type=submit]").disabled; })`, nil)

	// Add account, in the connect popup.
	p.click(form + ` .integry-flow-add-account`)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	var popups int
	for popups == 0 {
		ps, err := p.b.Popups(ctx)
		if err != nil {
			t.Fatalf("the Add account popup: %v", err)
		}
		if popups = len(ps); popups > 0 {
			if err := clickInPopup(ps[len(ps)-1], `button[value=allow]`); err != nil {
				t.Fatalf("allowing in the popup: %v", err)
			}
		}
	}
	var ev map[string]any
	p.ok(`window.added`, &ev)
	added := int64(0)
	if f, ok := ev["authorizationId"].(float64); ok {
		added = int64(f)
	}
	if added == 0 || added == team || ev["flowId"] != float64(7101) || ev["appName"] != "Slack" || ev["alreadyExists"] != false {
		t.Errorf("did-add-authorization %v", ev)
	}
	var chosen string
	p.ok(`until(function () { const s = document.querySelector("`+form+` .integry-flow-page select");
	  const b = document.querySelector("`+form+` form.integry-form button[type=submit]");
	  return s && s.value == "`+strconv.FormatInt(added, 10)+`" && !b.disabled && s.value; })`, &chosen)
	var clicked []string
	p.ok(`clickThrough("acc", "`+form+` form.integry-form button[type=submit]")`, &clicked)

	resp, err = http.Get(p.sb.URL + "/api/v1/integrations/?" + p.sb.Query(user))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var list struct {
		Results []struct {
			Steps []struct {
				StepName      string `json:"step_name"`
				Authorization int64  `json:"authorization"`
			} `json:"steps"`
		} `json:"results"`
	}
	if err := json.Unmarshal(b, &list); err != nil || len(list.Results) != 1 || len(list.Results[0].Steps) != 2 {
		t.Fatalf("the integrations: %v %s", err, b)
	}
	if got := list.Results[0].Steps[1].Authorization; got != added {
		t.Errorf("the Slack step saved account %d, want the one added (%d)", got, added)
	}
}
