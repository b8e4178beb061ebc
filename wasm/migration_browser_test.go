//go:build !js

package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// docSamples are the JavaScript samples of Integry's JS SDK reference page
// (where it lives: docs/protocol.md#surface), as data, in the page's order. Each runs with integry, IntegryJS and a
// recording console bound to one SDK. Left out: the hash samples (server
// code), connectApp (it needs a person's click for its popup) and
// showFunctionUI (it waits for a person to submit).
var docSamples = []struct{ name, code string }{
	{"eventEmitter.on", `integry.eventEmitter.on('app-connected', (data) => {
    //do something here
});`},
	{"unsub", `integry.eventEmitter.on('app-disconnected', (data) => {
    //do something here
});`},
	{"showApps", `integry.showApps(
  IntegryJS.RenderModes.INLINE,
  "marketplace-container"
).then(() => {
  console.log("Marketplace rendered in-line.");
}).catch((error) => {
  console.error("Error rendering filtered marketplace:", error);
});`},
	{"showApp", `integry.showApp(
  "mailchimp"
  IntegryJS.RenderModes.INLINE,
  "marketplace-container"
).then(() => {
  console.log("Showing Mailchimp Flows!");
}).catch((error) => {
  console.error("Failed to launch Mailchimp:", error);
});`},
	{"isAppConnected", `integry.isAppConnected("slack").then((result) => {
  if(result) {
    console.log("User has connected Slack.");
  } else {
    console.log("User has not connected Slack.");
  }
  
}).catch((error) => {
  console.error("Failed to determine auth status:", error);
});`},
	{"disconnectApp", `integry.disconnectApp("slack").then(() => {
  console.log("Successfully disconnected from Slack");
}).catch((error) => {
  console.error("Failed to disconnect from Slack:", error);
});`},
	{"invokeFunction", `const params = {
  channel: "random",
  message: "hello world from the other side"
};
integry.invokeFunction("slack-post-message", params).then((result) => {
  console.log("Received response from Slack:", result);
}).catch((error) => {
  console.error("Failed to invoke function:", error);
});`},
	{"getFunction", `integry.getFunction("slack-post-message").then((result) => {
  console.log("Function signature:", result);
}).catch((error) => {
  console.error("Failed to get function signature:", error);
});`},
}

// sampleDiffers are the samples whose outcome differs on purpose, with
// where docs/protocol.md says why.
var sampleDiffers = map[string]string{
	// The official showApps returns undefined, so the sample's .then throws
	// a TypeError; ours returns a promise (docs/protocol.md#surface).
	"showApps": "#surface",
}

// Every JavaScript sample of Integry's JS SDK reference runs against the
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
	samples := map[string]string{}
	var order []string
	for _, s := range docSamples {
		samples[s.name] = s.code
		order = append(order, s.name)
	}
	sj, _ := json.Marshal(samples)
	oj, _ := json.Marshal(order)
	p.ok(`(async () => {
	  const samples = `+string(sj)+`, order = `+string(oj)+`;
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
	      const rec = (kind) => (...a) => log.push(kind + ": " + a.map(shape).join(" "));
	      const cons = {log: rec("log"), error: rec("error"), warn: rec("warn"), info: rec("info")};
	      try {
	        const r = new Function("integry", "IntegryJS", "console", samples[name])(integry, C, cons);
	        await r;
	      } catch (e) { log.push("threw " + e.name); }
	      for (let k = 0; k < 400 && log.length === 0 && name !== "eventEmitter.on" && name !== "unsub"; k++) await new Promise((r) => setTimeout(r, 25));
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
	for _, s := range docSamples {
		o := got[s.name]
		same := strings.Join(o.Official, "\n") == strings.Join(o.Ours, "\n")
		if why, ok := sampleDiffers[s.name]; ok {
			if same {
				t.Errorf("%s: listed as differing (docs/protocol.md%s), but both gave %q", s.name, why, o.Ours)
			}
			t.Logf("%s differs on purpose (docs/protocol.md%s): official %q, ours %q", s.name, why, o.Official, o.Ours)
			continue
		}
		if !same || len(o.Ours) == 0 && s.name != "eventEmitter.on" && s.name != "unsub" {
			t.Errorf("%s:\n official %q\n ours     %q", s.name, o.Official, o.Ours)
		}
		t.Logf("%s: %q", s.name, o.Ours)
	}
}
