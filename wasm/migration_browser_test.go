//go:build !js

package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// docSamples are the JavaScript samples of Integry's JS SDK reference page
// (where it lives: docs/protocol.md#surface), as data, in the page's order. Each runs with integry, IntegryJS and a
// recording console bound to one SDK. Left out: the hash samples (server
// code), connectApp (it needs a person's click for its popup) and
// showFunctionUI (it waits for a person to submit).
var docSamples = []struct{ name, code, emit string }{
	{"eventEmitter.on", `integry.eventEmitter.on('app-connected', (data) => {
    //do something here
});`, ""},
	{"unsub", `integry.eventEmitter.on('app-disconnected', (data) => {
    //do something here
});`, ""},
	{"showApps", `integry.showApps(
  IntegryJS.RenderModes.INLINE,
  "marketplace-container"
).then(() => {
  console.log("Marketplace rendered in-line.");
}).catch((error) => {
  console.error("Error rendering filtered marketplace:", error);
});`, ""},
	{"showApp", `integry.showApp(
  "mailchimp"
  IntegryJS.RenderModes.INLINE,
  "marketplace-container"
).then(() => {
  console.log("Showing Mailchimp Flows!");
}).catch((error) => {
  console.error("Failed to launch Mailchimp:", error);
});`, ""},
	{"isAppConnected", `integry.isAppConnected("slack").then((result) => {
  if(result) {
    console.log("User has connected Slack.");
  } else {
    console.log("User has not connected Slack.");
  }
  
}).catch((error) => {
  console.error("Failed to determine auth status:", error);
});`, ""},
	{"disconnectApp", `integry.disconnectApp("slack").then(() => {
  console.log("Successfully disconnected from Slack");
}).catch((error) => {
  console.error("Failed to disconnect from Slack:", error);
});`, ""},
	{"invokeFunction", `const params = {
  channel: "random",
  message: "hello world from the other side"
};
integry.invokeFunction("slack-post-message", params).then((result) => {
  console.log("Received response from Slack:", result);
}).catch((error) => {
  console.error("Failed to invoke function:", error);
});`, ""},
	{"getFunction", `integry.getFunction("slack-post-message").then((result) => {
  console.log("Function signature:", result);
}).catch((error) => {
  console.error("Failed to get function signature:", error);
});`, ""},
}

// eventSamples are the samples of the reference's Events page
// (js-sdk-reference/events.md, beside the reference page), as data, in
// its order. They name the instance mySDKInstance. Two changes make them
// JavaScript: the page's rendering glued "Copy" (its copy button's label)
// to the front of most, which is dropped, and the last one annotates a
// parameter with a TypeScript type (data: CallbackData), which is dropped
// too. After each sample, the test emits the sample's event on the
// instance's emitter with one payload, so that what the handlers log is
// compared as well. The comment blocks that describe each payload are left
// out.
var eventSamples = []struct{ name, code, emit string }{
	{"on ready", `mySDKInstance.eventEmitter.on('ready', (data) => {

});`, "ready"},
	{"on did-add-authorization", `mySDKInstance.eventEmitter.on('did-add-authorization', (data) => {
/**
* data:
* identity: string;
* authorizationId: number;
* flowId: number;
* alreadyExists: boolean;
*/
});`, "did-add-authorization"},
	{"on did-remove-authorization", `mySDKInstance.eventEmitter.on('did-remove-authorization', (data) => {
  /**
   * data:
   *   authorizationId: number;
   */
});`, "did-remove-authorization"},
	{"on did-save-integration", "mySDKInstance.eventEmitter.on('did-save-integration', (data) => {\n  console.log(`Hey, we set up integration ${data.integrationId} successfully!`);\n});", "did-save-integration"},
	{"on did-enable-integration", "mySDKInstance.eventEmitter.on('did-enable-integration', (data) => {\n  console.log(`Hey, we enabled integration ${data.integrationId} successfully!`);\n});", "did-enable-integration"},
	{"on did-disable-integration", "mySDKInstance.eventEmitter.on('did-disable-integration', (data) => {\n  console.log(`Hey, we disabled integration ${data.integrationId} successfully!`);\n});", "did-disable-integration"},
	{"on did-rename-integration", "mySDKInstance.eventEmitter.on('did-rename-integration', (data) => {\n  console.log(`Hey, we renamed integration ${data.integrationId} successfully!`);\n});", "did-rename-integration"},
	{"on did-delete-integration", "mySDKInstance.eventEmitter.on('did-delete-integration', (data) => {\n  console.log(\n    `Hey, we deleted integration ${data.integrationId} successfully!`,\n  );\n});", "did-delete-integration"},
	{"subscribe", "mySDKInstance.eventEmitter.on('did-save-integration', (data) => {\n  console.log(`Hey, we set up integration ${data.integrationId} successfully!`);\n});", "did-save-integration"},
	{"unsubscribe", "function integrationSavedCallback(data) {\n  console.log(`Integration with name ${data.name} was created!`);\n}\n// subscribe\nmySDKInstance.eventEmitter.on('did-save-integration', integrationSavedCallback);\n\n// unsubscribe\nmySDKInstance.eventEmitter.unsub('did-save-integration', integrationSavedCallback);", "did-save-integration"},
}

// quietSamples log nothing: they only subscribe, and their handlers'
// bodies are comments.
var quietSamples = []string{"eventEmitter.on", "unsub", "on ready", "on did-add-authorization", "on did-remove-authorization", "unsubscribe"}

// sampleDiffers are the samples whose outcome differs on purpose, with
// where docs/protocol.md says why.
var sampleDiffers = map[string]string{
	// The official showApps returns undefined, so the sample's .then throws
	// a TypeError; ours returns a promise (docs/protocol.md#surface).
	"showApps": "#surface",
	// The Events page unsubscribes with eventEmitter.unsub(name, fn), which
	// the official emitter does not have: the sample throws a TypeError
	// there, and ours removes the handler (docs/protocol.md#differs-unsub).
	"unsubscribe": "#differs-unsub",
}

// Every JavaScript sample of Integry's JS SDK reference and its Events page runs against the
// official runtime and against ours, each with its own user set up the
// same way, and ends the same: what it logged (the method, the message,
// and the value's JSON), or what it threw.
func TestDocSamplesBehaveTheSame(t *testing.T) {
	p := newPageWith(t, pageOptions{Official: true})
	for _, u := range []string{"u-pages", "u-other"} {
		p.sb.Connect(t, u, "slack", "docs@acme")
	}
	type outcome struct{ Official, Ours []string }
	var got map[string]outcome
	all := append(append([]struct{ name, code, emit string }{}, docSamples...), eventSamples...)
	samples, emits := map[string]string{}, map[string]string{}
	var order []string
	for _, s := range all {
		samples[s.name], emits[s.name] = s.code, s.emit
		order = append(order, s.name)
	}
	sj, _ := json.Marshal(samples)
	ej, _ := json.Marshal(emits)
	oj, _ := json.Marshal(order)
	qj, _ := json.Marshal(quietSamples)
	p.ok(`(async () => {
	  const samples = `+string(sj)+`, emits = `+string(ej)+`, order = `+string(oj)+`;
	  const payload = {integrationId: 7, name: "Weekly sync", flowId: 3, authorizationId: 5, status: "ACTIVE"};
	  const box = document.createElement("div"); box.id = "marketplace-container"; document.body.append(box);
	  const shape = (v) => {
	    if (v instanceof Error) return "an error";
	    try { return JSON.stringify(v); } catch (_) { return typeof v; }
	  };
	  const run = async (C, user) => {
	    const integry = new C(cfg(user));
	    await new Promise((r) => integry.eventEmitter.on("ready", r));
	    const out = {};
	    for (const name of order) {
	      const log = [];
	      const quiet = new Set(`+string(qj)+`);
	      const rec = (kind) => (...a) => log.push(kind + ": " + a.map(shape).join(" "));
	      const cons = {log: rec("log"), error: rec("error"), warn: rec("warn"), info: rec("info")};
	      try {
	        const r = new Function("integry", "mySDKInstance", "IntegryJS", "console", samples[name])(integry, integry, C, cons);
	        await r;
	        if (emits[name]) integry.eventEmitter.emit(emits[name], payload);
	      } catch (e) { log.push("threw " + e.name); }
	      for (let k = 0; k < 400 && log.length === 0 && !quiet.has(name); k++) await new Promise((r) => setTimeout(r, 25));
	      // An event sample's handlers go with it, so that they hear only its own emit.
	      if (emits[name]) integry.eventEmitter.offAll();
	      out[name] = log;
	    }
	    box.replaceChildren();
	    return out;
	  };
	  const official = await run(window.Official, "u-pages"), ours = await run(IntegryJS, "u-other");
	  const res = {};
	  for (const name of order) res[name] = {Official: official[name], Ours: ours[name]};
	  return res;
	})()`, &got)
	for _, s := range all {
		o := got[s.name]
		same := strings.Join(o.Official, "\n") == strings.Join(o.Ours, "\n")
		if why, ok := sampleDiffers[s.name]; ok {
			if same {
				t.Errorf("%s: listed as differing (docs/protocol.md%s), but both gave %q", s.name, why, o.Ours)
			}
			t.Logf("%s differs on purpose (docs/protocol.md%s): official %q, ours %q", s.name, why, o.Official, o.Ours)
			continue
		}
		if !same || len(o.Ours) == 0 && !slices.Contains(quietSamples, s.name) {
			t.Errorf("%s:\n official %q\n ours     %q", s.name, o.Official, o.Ours)
		}
		t.Logf("%s: %q", s.name, o.Ours)
	}
}
