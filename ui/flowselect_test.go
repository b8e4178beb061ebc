package ui_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/ui"
	"github.com/integry-go/integry/ui/uitest"
)

// A template's dropdown (DataSource.PickLone) chooses a lone option once
// loaded, as the official setup form's does; with more options none is
// chosen (docs/flows.md#dynamic-fields).
func TestTemplateDropdownPicksALoneOption(t *testing.T) {
	t.Parallel()
	api := &fakeAPI{sources: map[string]func(sdk.DataSourceRequest) ([]byte, error){
		"https://src.test/many": func(sdk.DataSourceRequest) ([]byte, error) {
			return []byte(`[{"id":"1","value":"b10"},{"id":"2","value":"Zed"},{"id":"3","value":"B2"},{"id":"4","value":"a"},{"id":"5","value":"b1"},{"id":"6","value":"b01"},{"id":"7","value":"A"}]`), nil
		},
		"https://src.test/one": func(sdk.DataSourceRequest) ([]byte, error) {
			return []byte(`[{"id":"C02RANDOM","value":"random"}]`), nil
		},
	}}
	doc := uitest.NewDocument()
	field := func(name, url string) *ui.Field {
		return &ui.Field{Key: name, Path: []string{name}, MachineName: name, Label: name, Type: "string", Kind: ui.KindSelect,
			Dynamic: &ui.DataSource{URL: url, PickLone: true}}
	}
	form := &ui.Form{Name: "step", Fields: []*ui.Field{field("many", "https://src.test/many"), field("one", "https://src.test/one")}}
	var mu sync.Mutex
	lock := func() func() { mu.Lock(); return mu.Unlock }
	view := ui.NewFormView(doc, ui.NewStrings("en"), form, ui.FormOptions{Sources: &ui.SourceEnv{Fetch: api.DataSource}}, lock)
	doc.Body().Append(view.Root())

	one, _, _ := combo(t, doc, "one")
	untilIdle(t, func() bool { defer lock()(); return one.Value() == "random" })
	mu.Lock()
	got := form.Fields[1].Text()
	mu.Unlock()
	if got != "C02RANDOM" {
		t.Fatalf("the lone option's value is %q, want C02RANDOM", got)
	}

	many, list, _ := combo(t, doc, "many")
	many.Click()
	untilIdle(t, func() bool { defer lock()(); return len(options(doc, list)) == 7 })
	mu.Lock()
	labels := strings.Join(options(doc, list), ",")
	v := form.Fields[0].Text()
	mu.Unlock()
	if labels != "a,A,b01,b1,b10,B2,Zed" || v != "" {
		t.Fatalf("options %s (value %q), want a,A,b01,b1,b10,B2,Zed (by label, case aside, stable) and none chosen", labels, v)
	}
}
