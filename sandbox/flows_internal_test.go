package sandbox

import (
	"strings"
	"testing"

	"github.com/integry-go/integry/internal/jsonx"
)

// The shipped templates all resolve against the embedded catalog: their
// apps, functions and parameters exist, and every tag a default names is
// a step before the field's own, or a path of the trigger's webhook object
// (docs/flows.md#templates, #payloads).
func TestShippedFlowTemplatesResolve(t *testing.T) {
	c, err := loadCatalog("")
	if err != nil {
		t.Fatal(err)
	}
	fc, err := loadFlows(c)
	if err != nil {
		t.Fatal(err)
	}
	if len(fc.list) != 5 {
		t.Fatalf("%d templates, want 5", len(fc.list))
	}
	for _, tpl := range fc.list {
		earlier := map[string]bool{}
		for _, st := range tpl.steps {
			for _, f := range st.fields {
				for _, m := range tagRE.FindAllString(f.field.Default, -1) {
					parts := strings.Split(m[1:len(m)-1], ".")
					if _, err := jsonx.Get(tpl.Trigger.Sample, m[1:len(m)-1]); err == nil && tpl.Trigger.WebhookObject != "" {
						continue
					}
					if len(parts) < 3 || parts[0] != "steps" || !earlier[parts[1]] || parts[2] != "out" {
						t.Errorf("template %d, %s.%s: tag %s names no earlier step's output", tpl.ID, st.machineName, f.field.Name, m)
					}
				}
			}
			earlier[st.machineName] = true
		}
	}
	// A template that names a function the catalog lacks is left out.
	var bad FlowTemplate
	bad.Trigger.App = "pipedrive"
	bad.Actions = []FlowAction{{Function: "nope"}}
	if err := bad.resolve(c); err == nil {
		t.Fatal("a template with an unknown function resolved")
	}
}
