//go:build !js

package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/integry-go/integry/sandbox"
)

// Our setup form stays usable when what it asks fails (docs/flows.md#ours-accounts):
// /auth/verify answering 500, or its connection dropped, says why and keeps
// Next disabled until the account verifies; Add account whose popup is
// blocked, or whose popup the person closes, says why with the error's
// message, fires no did-add-authorization and leaves Add account and Next
// working; the integration is then saved with the account chosen.
func TestFlowSetupSurvivesFailedVerifyAndPopups(t *testing.T) {
	p := newPage(t)
	const user = "u-flow-failures"
	p.sb.Connect(t, user, "pipedrive", "pd@acme.com")
	team := p.sb.Connect(t, user, "slack", "team@acme.com")
	ops := p.sb.Connect(t, user, "slack", "ops@acme.com")
	p.ok(`(window.hashes[`+strconv.Quote(user)+`] = `+strconv.Quote(p.sb.Hash(user))+`, true)`, nil)
	const form = `#failures`
	const submit = form + ` form.integry-form button[type=submit]`
	removeFault := func(f sandbox.Fault) {
		t.Helper()
		req, _ := http.NewRequest("DELETE", p.sb.URL+"/_sandbox/faults/"+strconv.Itoa(f.ID), nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			t.Fatalf("removing fault %d: %d", f.ID, resp.StatusCode)
		}
	}
	// refused waits until the form says it could not verify, with Next
	// disabled, and returns what it says.
	refused := func() string {
		t.Helper()
		var s string
		p.ok(`until(function () { const s = document.querySelector("`+form+` .integry-status").textContent;
		  return s.startsWith("Could not authorize: ") && s.length > 21 && document.querySelector("`+submit+`").disabled && s; })`, &s)
		return s
	}
	choose := func(id int64) {
		t.Helper()
		p.ok(`(() => { const s = document.querySelector("`+form+` .integry-flow-page select");
		  s.value = "`+strconv.FormatInt(id, 10)+`"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, nil)
	}
	nextEnabled := func() {
		t.Helper()
		p.ok(`until(function () { const b = document.querySelector("`+submit+`"); return b && !b.disabled; })`, nil)
	}

	// The trigger's account, while /auth/verify answers 500.
	fault := p.sb.AddFault(t, sandbox.Fault{Path: "/auth/verify", Status: 500})
	p.ok(`(async () => {`+flowDriverJS+`
	  const d = document.createElement("div"); d.id = "failures"; document.body.append(d);
	  window.ours = new IntegryJS(cfg("u-flow-failures"));
	  recordFlows("fail", ours);
	  window.addedN = 0;
	  ours.eventEmitter.on("did-add-authorization", function () { addedN++; });
	  await ours.renderFlowSetupForm({flowId: "7101", flowContainerId: "failures"});
	  return true; })()`, nil)
	t.Logf("with a 500: %s", refused())
	removeFault(fault)
	choose(firstAccount(t, p, form))
	nextEnabled()

	// The Slack step, while /auth/verify's connection drops.
	fault = p.sb.AddFault(t, sandbox.Fault{Path: "/auth/verify", Drop: true})
	p.ok(`(document.querySelector("`+submit+`").click(), true)`, nil)
	p.ok(`until(function () { return document.querySelector("`+form+` .integry-flow-back"); })`, nil)
	t.Logf("with the connection dropped: %s", refused())
	removeFault(fault)
	choose(ops)
	nextEnabled()
	choose(team)
	nextEnabled()

	// Add account clicked by a script, outside a user gesture: the popup
	// blocker wins.
	var blocked string
	p.ok(`(async () => {
	  document.querySelector("`+form+` .integry-flow-add-account").click();
	  return until(function () { const s = document.querySelector("`+form+` .integry-status").textContent; return s.startsWith("Could not connect Slack: ") && s; }); })()`, &blocked)
	t.Logf("blocked: %s", blocked)
	p.ok(`until(function () { return !document.querySelector("`+form+` .integry-flow-add-account").disabled && !document.querySelector("`+submit+`").disabled; })`, nil)

	// Add account clicked, its popup closed by the person.
	p.click(form + ` .integry-flow-add-account`)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	var popups []string
	for len(popups) == 0 {
		ps, err := p.b.Popups(ctx)
		if err != nil {
			t.Fatalf("the Add account popup: %v", err)
		}
		if len(ps) > 0 {
			popup := ps[len(ps)-1]
			if err := waitInPopup(popup, `button[value=allow]`); err != nil {
				t.Fatal(err)
			}
			if err := popup.Close(ctx); err != nil {
				t.Fatalf("closing the popup: %v", err)
			}
			popups = append(popups, "closed")
		}
	}
	var closed string
	p.ok(`until(function () { const s = document.querySelector("`+form+` .integry-status").textContent;
	  return s.startsWith("Could not connect Slack: ") && s != `+strconv.Quote(blocked)+` && !document.querySelector("`+form+` .integry-flow-add-account").disabled && s; })`, &closed)
	t.Logf("closed: %s", closed)
	var added int
	p.ok(`addedN`, &added)
	if added != 0 {
		t.Errorf("did-add-authorization fired %d times for a blocked and a closed popup", added)
	}

	// The form goes on: Next, Save, with the account chosen.
	var clicked []string
	p.ok(`clickThrough("fail", "`+submit+`")`, &clicked)
	resp, err := http.Get(p.sb.URL + "/api/v1/integrations/?" + p.sb.Query(user))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var list struct {
		Results []struct {
			Steps []struct {
				Authorization int64 `json:"authorization"`
			} `json:"steps"`
		} `json:"results"`
	}
	if err := json.Unmarshal(b, &list); err != nil || len(list.Results) != 1 || len(list.Results[0].Steps) != 2 || list.Results[0].Steps[1].Authorization != team {
		t.Fatalf("the integration saved after the failures (clicked %q): %v %s", clicked, err, b)
	}
}

// firstAccount is the account the page's account select shows.
func firstAccount(t *testing.T, p *page, form string) int64 {
	t.Helper()
	var v string
	p.ok(`document.querySelector("`+form+` .integry-flow-page select").value`, &v)
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		t.Fatalf("the account select's value %q", v)
	}
	return id
}
