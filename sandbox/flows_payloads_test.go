package sandbox_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/integry-go/integry/sandbox/sandboxtest"
)

// Template 7105's trigger is an order the customer's app sends
// (docs/flows.md#payloads): its step has a hidden field whose activity
// field is integry_webhook_object and whose default value names the object
// and gives its payload as JSON text; an integration's values use the
// object's paths as bare tags, which a run resolves from the trigger data.
func TestWebhookObjectTemplateResolvesBareTags(t *testing.T) {
	sb := sandboxtest.New(t)
	hs := sb.Connect(t, "u1", "hubspot", "hs@acme.com")
	sl := sb.Connect(t, "u1", "slack", "team@acme.com")

	r := api(t, sb, "u1", "GET", "/template_step/71050/", "")
	wantStatus(t, r, 200)
	var step struct {
		Activity struct {
			Type string `json:"type"`
		} `json:"activity"`
		Fields []struct {
			ID            int64  `json:"id"`
			IsVisible     bool   `json:"is_visible"`
			IsMappable    bool   `json:"is_mappable"`
			Default       string `json:"default_value"`
			ActivityField struct {
				MachineName string `json:"machine_name"`
			} `json:"activity_field"`
		} `json:"template_fields"`
	}
	if err := json.Unmarshal(r.body, &step); err != nil || step.Activity.Type != "TRIGGER" || len(step.Fields) != 1 {
		t.Fatalf("the trigger step: %v %s", err, r.body)
	}
	f := step.Fields[0]
	if f.ID != 7105001 || f.IsVisible || f.IsMappable || f.ActivityField.MachineName != "integry_webhook_object" {
		t.Fatalf("the webhook object field: %+v", f)
	}
	var def struct{ Name, Payload string }
	if err := json.Unmarshal([]byte(f.Default), &def); err != nil || def.Name != "order" {
		t.Fatalf("its default value: %v %q", err, f.Default)
	}
	var payload map[string]any
	if err := json.Unmarshal([]byte(def.Payload), &payload); err != nil || payload["customer"].(map[string]any)["email"] != "grace@example.com" {
		t.Fatalf("its payload: %v %q", err, def.Payload)
	}

	// An integration whose message uses bare tags and a step tag.
	r = api(t, sb, "u1", "POST", "/v2/integration/?activate=true", setupBody(7105,
		stepBody(71050, hs), stepBody(71051, sl, valueBody(7105102, "Order {id} for {customer.email}, total {steps.trigger.out.total}, {missing}"))))
	wantStatus(t, r, 201)
	// The hidden field keeps its value (the template's) though no SDK sent it.
	if !strings.Contains(string(r.body), `"template_field":7105001,"value":`) {
		t.Fatalf("the saved integration: %s", r.body)
	}
	r = api(t, sb, "u1", "POST", "/_sandbox/triggers/hubspot/order.created", `{"id": "SO-9", "total": 12, "customer": {"email": "ada@example.com"}}`)
	wantStatus(t, r, 200)
	if !strings.Contains(string(r.body), `"status":"COMPLETED"`) {
		t.Fatalf("the run: %s", r.body)
	}
	if msgs := slackMessages(t, sb, "u1"); !strings.Contains(msgs, "Order SO-9 for ada@example.com, total 12, {missing}") {
		t.Fatalf("#general: %s", msgs)
	}
}

// Bare tags are a webhook object's: a template without one leaves them as
// written.
func TestBareTagsStayWithoutAWebhookObject(t *testing.T) {
	sb := sandboxtest.New(t)
	setUpPipedriveToSlack(t, sb, "u1", "{name} is {steps.trigger.out.name}")
	wantStatus(t, api(t, sb, "u1", "POST", "/_sandbox/triggers/pipedrive/person.added", `{"id": 7, "name": "Ada Lovelace"}`), 200)
	if msgs := slackMessages(t, sb, "u1"); !strings.Contains(msgs, "{name} is Ada Lovelace") {
		t.Fatalf("#general: %s", msgs)
	}
}
