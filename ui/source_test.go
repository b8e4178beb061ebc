package ui

import (
	"strings"
	"testing"

	"github.com/integry-go/integry/sdk"
)

func doc(t *testing.T, s string) sdk.Doc {
	t.Helper()
	d, err := sdk.ParseDoc([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestParseOptionsShapes(t *testing.T) {
	t.Parallel()
	ds := &DataSource{OptionKeyPath: "id", ValueKeyPath: "profile.name"}
	for _, tc := range []struct{ body, want, cursor string }{
		{`[{"id":1,"profile":{"name":"Ann"}},{"id":"x"},{"profile":{"name":"no id"}}]`, `1=Ann x=x`, ""},
		{`{"network_code":"200","output":[{"id":"C1","profile":{"name":"general"}}],"_cursor":"eyJ","next_page":"eyJ"}`, `C1=general`, "eyJ"},
		{`{"functions":[{"id":"f","profile":{"name":"F"}}],"_cursor":null}`, `f=F`, ""},
	} {
		opts, cursor, err := ParseOptions(doc(t, tc.body), ds)
		var got []string
		for _, o := range opts {
			got = append(got, o.Value+"="+o.Label)
		}
		if err != nil || strings.Join(got, " ") != tc.want || cursor != tc.cursor {
			t.Errorf("%s: %v %q %v", tc.body, got, cursor, err)
		}
	}
	// Defaults id/value, and templates.
	opts, _, _ := ParseOptions(doc(t, `[{"id":5,"value":"five"}]`), &DataSource{})
	if len(opts) != 1 || opts[0].Label != "five" || opts[0].id.display() != "5" {
		t.Errorf("defaults: %+v", opts)
	}
	opts, _, _ = ParseOptions(doc(t, `[{"k":1,"a":"A","b":{"c":"C"}}]`), &DataSource{OptionKeyPath: "k", ValueKeyPath: "{a} – {b.c}"})
	if len(opts) != 1 || opts[0].Label != "A – C" {
		t.Errorf("template: %+v", opts)
	}
	for _, bad := range []string{`{"output":{"id":1}}`, `{"detail":"x"}`} {
		if _, _, err := ParseOptions(doc(t, bad), ds); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
	if _, _, err := ParseOptions(nil, ds); err == nil {
		t.Error("no body: no error")
	}
}

func TestParseCustomFieldsShapes(t *testing.T) {
	t.Parallel()
	parent := &Field{Key: "properties", Path: []string{"properties"}}
	fs, err := ParseCustomFields(doc(t, `[{"id":"a","title":"A","is_required":true},{"id":"b","title":"B","type":"TEXTAREA"},{"id":"a"}]`), &DataSource{}, parent)
	if err != nil || len(fs) != 2 || !fs[0].Required || fs[1].Kind != KindTextarea || strings.Join(fs[0].Path, ".") != "properties.a" {
		t.Fatalf("bare array: %+v %v", fs, err)
	}
	ds := &DataSource{IDKeyPath: "name", TitleKeyPath: "label", RequiredKeyPath: "required"}
	fs, err = ParseCustomFields(doc(t, `{"output":[{"name":"company","label":"Company","required":"true"}]}`), ds, parent)
	if err != nil || len(fs) != 1 || fs[0].Label != "Company" || !fs[0].Required {
		t.Fatalf("output: %+v %v", fs, err)
	}
	if _, err := ParseCustomFields(doc(t, `{"output":[]}`), &DataSource{}, parent); err == nil {
		t.Error("an output without key paths must fail")
	}
}

// A whole-string reference keeps the value's type; references inside text
// become text; an empty referenced field makes the request wait.
func TestSourceRequestFillsReferences(t *testing.T) {
	t.Parallel()
	form, err := ParseForm([]byte(`{"name":"f","parameters":{"type":"object","properties":{
		"n":{"type":"integer"},"s":{"type":"string"},
		"d":{"type":"string","meta":{"ui":{"depends_on":["s"],"ui_field":{"type":"DYNAMIC_DROPDOWN","data_source":{
			"url":"https://x.test/d","body":{"count":"{n}","label":"n is {parameters.n}","keep":[true]},"query_params":{"q":"{s}"}}}}}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	d := form.Lookup("d")
	if got := strings.Join(d.Dynamic.References(), ","); got != "n,s" {
		t.Fatalf("references %s", got)
	}
	if _, waiting := form.SourceRequest(d, "", SourceParams{}); strings.Join(waiting, ",") != "N,S" {
		t.Fatalf("waiting %v", waiting)
	}
	form.SetText(form.Lookup("n"), "3")
	form.SetText(form.Lookup("s"), "a b")
	req, waiting := form.SourceRequest(d, "c1", SourceParams{AccountID: "9"})
	if waiting != nil || string(req.Body) != `{"count":3,"label":"n is 3","keep":[true],"_cursor":"c1"}` ||
		len(req.Query) != 2 || req.Query[0] != [2]string{"s", "a b"} || req.Query[1] != [2]string{"q", "a b"} || req.ConnectedAccountID != "9" || !req.Lang {
		t.Fatalf("request %+v body %s", req, req.Body)
	}
	if deps := form.Dependents(form.Lookup("n")); len(deps) != 1 || deps[0] != d {
		t.Fatalf("dependents %v", deps)
	}
}
