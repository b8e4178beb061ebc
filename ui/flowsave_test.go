package ui

import (
	"testing"

	"github.com/integry-go/integry/sdk"
)

// mappedObject is, as in the official payload, every tag the values use
// as nested objects under "object", without leaf values.
func TestMappedObject(t *testing.T) {
	t.Parallel()
	s := &sdk.IntegrationSetup{Steps: []sdk.SetupStep{{}, {Values: []sdk.SetupValue{
		{Value: "general"}, {Value: "Hi {steps.trigger.out.name} ({steps.trigger.out.id}) {steps.action_1.out.data.id}"}}}}}
	got := string(mappedObject(s))
	want := `{"object":{"steps":{"trigger":{"out":{}},"action_1":{"out":{"data":{}}}}}}`
	if got != want {
		t.Fatalf("mappedObject = %s, want %s", got, want)
	}
	if got := string(mappedObject(&sdk.IntegrationSetup{})); got != `{"object":{}}` {
		t.Fatalf("no tags: %s", got)
	}
}
