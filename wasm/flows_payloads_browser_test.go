//go:build !js

package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// The official SDK and ours, each constructed with the same payloads, set
// up "Announce your app's new orders in Slack" (template 7105, whose
// trigger step has the hidden integry_webhook_object field naming "order")
// for a fresh user with the template's message, which uses the order's
// bare tags and a tag of the trigger's output.
// The integrations read back equal through the REST API; both fire the same
// events with equal payloads, did-save-integration's object being the
// page's order and its mappedObject the tags with the order's values
// (docs/flows.md#payloads); and the order, fired as the trigger, posts the
// message with the tags resolved.
func TestFlowSetupPayloadsEqualTheOfficial(t *testing.T) {
	p := newPageWith(t, pageOptions{Official: true})
	users := map[string]string{"off": "u-payloads-official", "ours": "u-payloads-ours"}
	ids := map[string]map[string]int64{}
	for key, user := range users {
		ids[key] = map[string]int64{
			"hubspot": p.sb.Connect(t, user, "hubspot", "hs@acme.com"),
			"slack":   p.sb.Connect(t, user, "slack", "team@acme.com"),
		}
		p.ok(`(window.hashes[`+strconv.Quote(user)+`] = `+strconv.Quote(p.sb.Hash(user))+`, true)`, nil)
	}
	const order = `{"id": "A-7", "total": 42, "customer": {"name": "Ada", "email": "ada@example.com"}, "items": [{"sku": "X"}]}`
	p.ok(`(() => {`+flowDriverJS+`
	  for (const id of ["off", "ours"]) { const d = document.createElement("div"); d.id = id; document.body.append(d); }
	  window.payloadsCfg = function (user) { return cfg(user, {payloads: {order: `+order+`, other: {id: 1}}, options: {}}); };
	  return true; })()`, nil)

	p.ok(`(async () => {
	  const sdk = new Official(payloadsCfg("u-payloads-official"));
	  recordFlows("off", sdk);
	  await new Promise(function (r) { sdk.eventEmitter.on("ready", r); });
	  sdk.renderFlowSetupForm({flowId: "7105", flowContainerId: "off"});
	  return clickThrough("off", "#off button.integry-container__button--primary", "integry-container__button--disabled"); })()`, nil)
	p.ok(`(async () => {
	  const sdk = new IntegryJS(payloadsCfg("u-payloads-ours"));
	  recordFlows("ours", sdk);
	  await sdk.renderFlowSetupForm({flowId: "7105", flowContainerId: "ours"});
	  return clickThrough("ours", "#ours form.integry-form button[type=submit]"); })()`, nil)

	saved := savedByRole(t, p, users, ids)
	if saved["off"] != saved["ours"] {
		t.Errorf("the integrations differ:\nofficial %s\nours     %s", saved["off"], saved["ours"])
	}
	if !strings.Contains(saved["ours"], `"value":"New order {id} from {customer.name} ({steps.trigger.out.customer.email})"`) {
		t.Errorf("ours saved %s", saved["ours"])
	}

	events := sameFlowEvents(t, p, ids)
	if len(events["ours"]) != 12 {
		t.Errorf("ours fired %d flow events, want 12", len(events["ours"]))
	}
	// What the payload says, spelled out (the official's is equal above).
	for _, e := range events["ours"] {
		if e.Name != "did-save-integration" {
			continue
		}
		var p struct {
			Object, MappedObject json.RawMessage
		}
		if err := json.Unmarshal(e.Payload, &p); err != nil {
			t.Fatal(err)
		}
		want := `{"order":{"id":"A-7","customer":{"name":"Ada"},"steps":{"trigger":{"out":{"customer":{}}}}}}`
		if compact(t, p.Object) != compact(t, []byte(order)) || compact(t, p.MappedObject) != compact(t, []byte(want)) {
			t.Errorf("did-save-integration: object %s, mappedObject %s (want %s)", p.Object, p.MappedObject, want)
		}
	}

	// payloads that are no JSON refuse the config, naming them.
	var msg struct{ Code, Message string }
	p.ok(`(() => { const o = {}; o.self = o;
	  try { new IntegryJS(cfg("u-payloads-ours", {payloads: {order: o}, options: {}})); return {}; } catch (e) { return {Code: e.code, Message: e.message}; } })()`, &msg)
	if msg.Code != "invalid_argument" || !strings.Contains(msg.Message, "payloads") {
		t.Errorf("cyclic payloads: %+v, want invalid_argument naming payloads", msg)
	}

	// The order, fired as the trigger, runs our user's integration.
	resp, err := http.Post(p.sb.URL+"/_sandbox/triggers/hubspot/order.created?"+p.sb.Query(users["ours"]), "application/json", strings.NewReader(order))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), `"status":"COMPLETED"`) {
		t.Fatalf("the run: %s", b)
	}
	resp, err = http.Post(p.sb.URL+"/functions/slack-get-conversation-history/call/?"+p.sb.Query(users["ours"]), "application/json", strings.NewReader(`{"channel": "general"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "New order A-7 from Ada (ada@example.com)") {
		t.Errorf("#general after the order: %s", b)
	}
}

// compact is JSON text without insignificant space.
func compact(t *testing.T, b []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	out, _ := json.Marshal(v)
	return string(out)
}
