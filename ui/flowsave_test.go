package ui

import (
	"context"
	"testing"

	"github.com/integry-go/integry/internal/jsonx"
	"github.com/integry-go/integry/sdk"
)

// mappedObject is, as in the official payload, every tag the values use
// as a path under the object's name: nested objects (an array where the
// next segment is a number), each ending in the object's value at the
// path, left out where it has none (docs/flows.md#payloads).
func TestMappedObject(t *testing.T) {
	t.Parallel()
	tree := func(s string) *jsonx.Value {
		v, err := jsonx.Parse([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	empty := tree(`{}`)
	got := string(mappedObject([]string{"general", "Hi {steps.trigger.out.name} ({steps.trigger.out.id}) {steps.action_1.out.data.id}"}, "object", empty))
	if want := `{"object":{"steps":{"trigger":{"out":{}},"action_1":{"out":{"data":{}}}}}}`; got != want {
		t.Fatalf("without an object: %s, want %s", got, want)
	}
	if got := string(mappedObject(nil, "object", empty)); got != `{"object":{}}` {
		t.Fatalf("no tags: %s", got)
	}
	order := tree(`{"id": "A-7", "total": 0, "customer": {"name": "Ada", "email": "a@x"}, "items": [{"sku": "X"}, {"sku": "Y"}]}`)
	got = string(mappedObject([]string{
		"New order {id} from {customer.name}{steps.trigger.out.customer.email}",
		"{items.1.sku} {customer} {customer.email} {customer.address.city} {nope} {} {total} {list.2}",
	}, "order", order))
	want := `{"order":{"id":"A-7","customer":{"name":"Ada","email":"a@x","address":{}},"steps":{"trigger":{"out":{"customer":{}}}},"items":[null,{"sku":"Y"}],"total":0,"list":[null,null,null]}}`
	if got != want {
		t.Fatalf("with an object:\n got %s\nwant %s", got, want)
	}
	// A path into the object's own member writes into it, as the official
	// handler does (its object and mappedObject share it).
	if got := string(order.JSON()); got != `{"id":"A-7","total":0,"customer":{"name":"Ada","email":"a@x","address":{}},"items":[{"sku":"X"},{"sku":"Y"}]}` {
		t.Fatalf("the object after: %s", got)
	}
}

// The webhook object is named by the trigger step's integry_webhook_object
// field; the page's payloads[name] wins over the field's own payload.
func TestWebhookObject(t *testing.T) {
	t.Parallel()
	const field = `{"name":"order","payload":"{\"id\":\"SO-1\"}"}`
	for _, c := range []struct {
		objects, def, typ string
		name, obj         string
	}{
		{`{"order":{"id":"A-7"}}`, field, "TRIGGER", "order", `{"id":"A-7"}`},
		{`{"other":{"id":"A-7"},"order":null}`, field, "TRIGGER", "order", `{"id":"SO-1"}`},
		{"", field, "TRIGGER", "order", `{"id":"SO-1"}`},
		{"", `{"name":"order","payload":"not json"}`, "TRIGGER", "order", `{}`},
		{"", `{"payload":"{\"id\":1}"}`, "TRIGGER", "object", `{"id":1}`},
		{"", `nope`, "TRIGGER", "object", `{}`},
		{`{"order":{"id":"A-7"}}`, field, "ACTION", "object", `{}`},
	} {
		noRequests := sdk.TransportFunc(func(context.Context, *sdk.Request) (*sdk.Response, error) {
			t.Error("the webhook object needs no request")
			return nil, context.Canceled
		})
		client, err := sdk.NewClient(sdk.Config{AppKey: "k", Hash: "h", UserID: "u", Objects: c.objects}, sdk.WithTransport(noRequests))
		if err == nil && client.Objects() != c.objects {
			t.Errorf("client.Objects() = %q, want %q", client.Objects(), c.objects)
		}
		if err != nil {
			t.Fatal(err)
		}
		f := &FlowSetup{api: client, steps: []*setupStep{{st: &sdk.TemplateStep{Type: c.typ,
			Fields: []sdk.TemplateField{{MachineName: "integry_webhook_object", Default: c.def}}}}}}
		step, name, obj := f.webhookObject()
		if name != c.name || string(obj.JSON()) != c.obj || (step == nil) != (c.typ != "TRIGGER") {
			t.Errorf("objects %s, field %s, step %s: %s %s, want %s %s", c.objects, c.def, c.typ, name, obj.JSON(), c.name, c.obj)
		}
	}
}
