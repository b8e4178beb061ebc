//go:build !js

package main

import (
	"strconv"
	"testing"
)

// The official SDK and ours, each given user variables in the config's
// user object, send them on the setup form's template reads in the same
// form (self_api_key, and the other members as JSON in self_auth_extras);
// each given none, showFlows, showApp and showApps fire
// did-raise-sdk-embed-warning with the same payload, since the sandbox's
// app defines api_key and workspace_id (docs/flows.md#user-variables).
func TestUserVariablesLikeTheOfficial(t *testing.T) {
	p := newPageWith(t, pageOptions{Official: true})
	users := []string{"u-vars-off", "u-vars-ours", "u-vars-off-none", "u-vars-ours-none"}
	for _, u := range users {
		p.sb.Connect(t, u, "pipedrive", "pd@acme.com")
		p.sb.Connect(t, u, "slack", "team@acme.com")
		p.ok(`(window.hashes[`+strconv.Quote(u)+`] = `+strconv.Quote(p.sb.Hash(u))+`, true)`, nil)
	}
	var got struct {
		Official     map[string]string `json:"official"`
		Ours         map[string]string `json:"ours"`
		WarnOff      any               `json:"warnOff"`
		WarnOurs     any               `json:"warnOurs"`
		WarnOffApp   any               `json:"warnOffApp"`
		WarnOursApp  any               `json:"warnOursApp"`
		WarnOffApps  any               `json:"warnOffApps"`
		WarnOursApps any               `json:"warnOursApps"`
	}
	p.ok(`(async () => {`+flowDriverJS+`
	  performance.setResourceTimingBufferSize(10000);
	  const params = function (user) {
	    const out = {};
	    performance.getEntriesByType("resource").forEach(function (e) {
	      const u = new URL(e.name);
	      if (u.searchParams.get("user_id") != user || !/^\/(v2\/template|template_step)\//.test(u.pathname)) return;
	      const kind = u.pathname.startsWith("/v2/") ? "template" : "step";
	      out[kind] = "self_api_key=" + u.searchParams.get("self_api_key") + " self_auth_extras=" + u.searchParams.get("self_auth_extras");
	    });
	    return out;
	  };
	  const withVars = function (u) { return cfg(u, {user: {userId: u, apiKey: "k-1", workspace_id: "w-9", plan: 3}}); };
	  const warned = function (inst) { return new Promise(function (r) { inst.eventEmitter.on("did-raise-sdk-embed-warning", r); }); };
	  for (const id of ["off", "ours", "off-none", "ours-none"]) { const d = document.createElement("div"); d.id = id; document.body.append(d); }

	  window.stage = "official";
	  const official = new Official(withVars("u-vars-off"));
	  await new Promise(function (r) { official.eventEmitter.on("ready", r); });
	  recordFlows("off", official);
	  official.renderFlowSetupForm({flowId: "7101", flowContainerId: "off"});
	  window.stage = "official rendering";
	  await until(function () { return params("u-vars-off").step; });
	  window.stage = "ours";

	  const ours = new IntegryJS(withVars("u-vars-ours"));
	  await ours.renderFlowSetupForm({flowId: "7101", flowContainerId: "ours"});

	  window.stage = "official none";
	  const offNone = new Official(cfg("u-vars-off-none"));
	  const warnOff = warned(offNone);
	  await new Promise(function (r) { offNone.eventEmitter.on("ready", r); });
	  offNone.showFlows("INLINE", "off-none");
	  const oursNone = new IntegryJS(cfg("u-vars-ours-none"));
	  const warnOurs = warned(oursNone);
	  await oursNone.showFlows("INLINE", "ours-none");
	  window.stage = "warnings";
	  // showApp checks the required ones: apiKey is missing.
	  const offApp = new Official(cfg("u-vars-off-none")), oursApp = new IntegryJS(cfg("u-vars-ours-none"));
	  const warnOffApp = warned(offApp), warnOursApp = warned(oursApp);
	  for (const id of ["off-app", "ours-app"]) { const d = document.createElement("div"); d.id = id; document.body.append(d); }
	  await new Promise(function (r) { offApp.eventEmitter.on("ready", r); });
	  offApp.showApp("slack", "INLINE", "off-app");
	  await oursApp.showApp("slack", "INLINE", "ours-app");
	  // showApps without authOnly is the official renderAppFlows: the same check.
	  const offApps = new Official(cfg("u-vars-off-none")), oursApps = new IntegryJS(cfg("u-vars-ours-none"));
	  const warnOffApps = warned(offApps), warnOursApps = warned(oursApps);
	  for (const id of ["off-apps", "ours-apps"]) { const d = document.createElement("div"); d.id = id; document.body.append(d); }
	  await new Promise(function (r) { offApps.eventEmitter.on("ready", r); });
	  offApps.showApps({renderMode: "INLINE", containerId: "off-apps"});
	  await oursApps.showApps({renderMode: "INLINE", containerId: "ours-apps"});
	  return {official: params("u-vars-off"), ours: params("u-vars-ours"), warnOff: await warnOff, warnOurs: await warnOurs,
	    warnOffApp: await warnOffApp, warnOursApp: await warnOursApp, warnOffApps: await warnOffApps, warnOursApps: await warnOursApps};
	})()`, &got)
	var stage string
	p.ok(`window.stage`, &stage)
	t.Log(stage)
	want := `self_api_key=k-1 self_auth_extras={"workspace_id":"w-9","plan":3}`
	for _, kind := range []string{"template", "step"} {
		if got.Official[kind] != want {
			t.Errorf("the official %s read sends %q, want %q", kind, got.Official[kind], want)
		}
		if got.Ours[kind] != got.Official[kind] {
			t.Errorf("our %s read sends %q, the official %q", kind, got.Ours[kind], got.Official[kind])
		}
	}
	wantWarn := map[string]any{"type": "missing-user-variable-values", "message": "One or more user variables or their values are missing."}
	for who, w := range map[string]any{"official showFlows": got.WarnOff, "our showFlows": got.WarnOurs,
		"official showApp": got.WarnOffApp, "our showApp": got.WarnOursApp,
		"official showApps": got.WarnOffApps, "our showApps": got.WarnOursApps} {
		m, _ := w.(map[string]any)
		if len(m) != 2 || m["type"] != wantWarn["type"] || m["message"] != wantWarn["message"] {
			t.Errorf("%s did-raise-sdk-embed-warning: %v, want %v", who, w, wantWarn)
		}
	}
}

// initializeMarketplace checks every user variable, where showApps checks
// the required ones: given user.apiKey but not workspace_id (which the
// sandbox's app defines, not required), both SDKs' initializeMarketplace
// fire the warning with the same payload (docs/flows.md#user-variables).
func TestInitializeMarketplaceChecksEveryUserVariable(t *testing.T) {
	p := newPageWith(t, pageOptions{Official: true})
	for _, u := range []string{"u-init-off", "u-init-ours"} {
		p.ok(`(window.hashes[`+strconv.Quote(u)+`] = `+strconv.Quote(p.sb.Hash(u))+`, true)`, nil)
	}
	var got map[string]map[string]any
	p.ok(`(async () => {
	  const apiKeyOnly = function (u) { return cfg(u, {user: {userId: u, apiKey: "k-1"}}); };
	  const warned = function (inst) { return new Promise(function (r) { inst.eventEmitter.on("did-raise-sdk-embed-warning", r); }); };
	  for (const id of ["init-off", "init-ours"]) { const d = document.createElement("div"); d.id = id; document.body.append(d); }
	  const off = new Official(apiKeyOnly("u-init-off")), ours = new IntegryJS(apiKeyOnly("u-init-ours"));
	  const warnOff = warned(off), warnOurs = warned(ours);
	  await new Promise(function (r) { off.eventEmitter.on("ready", r); });
	  off.initializeMarketplace({renderMode: "INLINE", containerId: "init-off"});
	  await ours.initializeMarketplace({renderMode: "INLINE", containerId: "init-ours"});
	  return {official: await warnOff, ours: await warnOurs}; })()`, &got)
	for who, m := range got {
		if len(m) != 2 || m["type"] != "missing-user-variable-values" || m["message"] != "One or more user variables or their values are missing." {
			t.Errorf("%s initializeMarketplace did-raise-sdk-embed-warning: %v", who, m)
		}
	}
	if len(got) != 2 {
		t.Errorf("warnings: %v", got)
	}
}
