//go:build !js

package main

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/integry-go/integry/internal/browsertest"
	"github.com/integry-go/integry/sandbox"
)

// The account box of our setup form when things go wrong
// (docs/flows.md#ours-accounts). A /auth/verify that fails (a server error,
// then a dropped connection) says why and keeps Next disabled; once the
// server answers, choosing the account again enables it. Add account whose
// popup the browser blocks, or that the person closes before Allow, says
// so, stays usable, fires no did-add-authorization and keeps the account
// chosen. After all of that, Add account still connects.
func TestFlowSetupAccountFaults(t *testing.T) {
	p := newPage(t)
	const user = "u-flow-faults"
	p.sb.Connect(t, user, "pipedrive", "pd@acme.com")
	team := p.sb.Connect(t, user, "slack", "team@acme.com")
	p.ok(`(window.hashes[`+strconv.Quote(user)+`] = `+strconv.Quote(p.sb.Hash(user))+`, true)`, nil)
	const form = `#faults`
	const next = form + ` form.integry-form button[type=submit]`
	const add = form + ` .integry-flow-add-account`
	p.ok(`(async () => {`+flowDriverJS+`
	  const d = document.createElement("div"); d.id = "faults"; document.body.append(d);
	  window.ours = new IntegryJS(cfg("u-flow-faults"));
	  window.addedN = 0;
	  ours.eventEmitter.on("did-add-authorization", function () { addedN++; });
	  window.added = new Promise(function (r) { ours.eventEmitter.on("did-add-authorization", r); });
	  await ours.renderFlowSetupForm({flowId: "7101", flowContainerId: "faults"});
	  await until(function () { const b = document.querySelector("`+next+`"); return b && !b.disabled; });
	  return true; })()`, nil)

	// The Slack step's check answers 500: its reason shows, Next stays disabled.
	p.sb.AddFault(t, sandbox.Fault{Path: "/auth/verify", Status: 500})
	p.ok(`(document.querySelector("`+next+`").click(), true)`, nil)
	refused := func(what string) string {
		t.Helper()
		var status string
		p.ok(`until(function () { const s = document.querySelector("`+form+` .integry-status").textContent;
		  return document.querySelector("`+form+` .integry-flow-back") && s.startsWith("Could not authorize: ") &&
		    s.length > "Could not authorize: ".length && document.querySelector("`+next+`").disabled && s; })`, &status)
		t.Logf("%s: %q", what, status)
		return status
	}
	choose := func(id int64) {
		t.Helper()
		p.ok(`(() => { const s = document.querySelector("`+form+` .integry-flow-page select");
		  s.value = "`+strconv.FormatInt(id, 10)+`"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, nil)
	}
	server := refused("a 500 from /auth/verify")

	// A dropped connection: another reason, Next still disabled.
	p.sb.ResetFaults(t)
	p.sb.AddFault(t, sandbox.Fault{Path: "/auth/verify", Drop: true})
	p.ok(`(document.querySelector("`+form+` .integry-status").textContent = "", true)`, nil)
	choose(team)
	if network := refused("a dropped /auth/verify"); network == server {
		t.Errorf("a dropped connection reads as the server's error: %q", network)
	}

	// The server answers again: choosing the account again enables Next.
	p.sb.ResetFaults(t)
	choose(team)
	p.ok(`until(function () { return !document.querySelector("`+next+`").disabled &&
	  document.querySelector("`+form+` .integry-status").textContent == ""; })`, nil)

	// Add account outside a user gesture: the popup is blocked. The form
	// says so and stays as it was.
	usable := func(what string) {
		t.Helper()
		var st struct {
			Status   string `json:"status"`
			Chosen   string `json:"chosen"`
			Next     bool   `json:"next"`
			Add      bool   `json:"add"`
			Added    int    `json:"added"`
			Accounts int    `json:"accounts"`
		}
		p.ok(`until(function () { const s = document.querySelector("`+form+` .integry-status").textContent;
		  const a = document.querySelector("`+add+`");
		  return s.startsWith("Could not connect Slack: ") && !a.disabled && {status: s, add: !a.disabled,
		    chosen: document.querySelector("`+form+` .integry-flow-page select").value,
		    next: !document.querySelector("`+next+`").disabled, added: addedN,
		    accounts: document.querySelectorAll("`+form+` .integry-flow-page select option").length}; })`, &st)
		t.Logf("%s: %q", what, st.Status)
		if st.Chosen != strconv.FormatInt(team, 10) || !st.Next || st.Added != 0 {
			t.Errorf("after %s the form chose %q (want %d), Next enabled %v, did-add-authorization fired %d times",
				what, st.Chosen, team, st.Next, st.Added)
		}
	}
	p.ok(`(document.querySelector("`+add+`").click(), true)`, nil)
	usable("a blocked popup")

	// A real click opens the popup; the person closes it before Allow.
	p.ok(`(document.querySelector("`+form+` .integry-status").textContent = "", true)`, nil)
	popup := p.flowPopup(add)
	if err := waitInPopup(popup, `button[value=allow]`); err != nil {
		t.Fatal(err)
	}
	if err := popup.Close(t.Context()); err != nil {
		t.Fatalf("closing the popup: %v", err)
	}
	usable("a popup closed before Allow")

	// The form still connects an account.
	if err := clickInPopup(p.flowPopup(add), `button[value=allow]`); err != nil {
		t.Fatalf("allowing in the popup: %v", err)
	}
	var ev map[string]any
	p.ok(`window.added`, &ev)
	if id, _ := ev["authorizationId"].(float64); id == 0 || int64(id) == team {
		t.Errorf("did-add-authorization after the failures: %v", ev)
	}
	var status string
	p.ok(`until(function () { return !document.querySelector("`+next+`").disabled &&
	  !document.querySelector("`+form+` .integry-status").textContent.startsWith("Could not") && "ok"; })`, &status)
}

// flowPopup clicks el (a trusted click) and returns the popup it opened.
func (p *page) flowPopup(el string) browsertest.Page {
	p.t.Helper()
	p.click(el)
	ctx, cancel := context.WithTimeout(p.t.Context(), 30*time.Second)
	defer cancel()
	for {
		ps, err := p.b.Popups(ctx)
		if err != nil {
			p.t.Fatalf("no popup after clicking %s (%s): %v", el, p.b.Engine(), err)
		}
		if len(ps) > 0 {
			return ps[len(ps)-1]
		}
		select {
		case <-ctx.Done():
			p.t.Fatalf("no popup after clicking %s (%s)", el, p.b.Engine())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
