package ui

import (
	"fmt"
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

// Options are read as the official form reads them
// (docs/protocol.md#official-form-options): value_key_path names the ID
// that is submitted, option_key_path the text shown.
func TestParseOptionsShapes(t *testing.T) {
	t.Parallel()
	ds := &DataSource{ValueKeyPath: "id", OptionKeyPath: "profile.name"}
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
	if len(opts) != 1 || opts[0].Label != "five" || display(opts[0].id) != "5" {
		t.Errorf("defaults: %+v", opts)
	}
	opts, _, _ = ParseOptions(doc(t, `[{"k":1,"a":"A","b":{"c":"C"}}]`), &DataSource{ValueKeyPath: "k", OptionKeyPath: "{a} – {b.c}"})
	if len(opts) != 1 || opts[0].Label != "A – C" || opts[0].Value != "1" {
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

// templateForm is a form with a text field channel (machine name
// channel_id), a number n and a dropdown d whose data source has the given
// body and query_params.
func templateForm(t *testing.T, body, query string) (*Form, *Field) {
	t.Helper()
	form, err := ParseForm([]byte(`{"name":"f","parameters":{"type":"object","properties":{
		"channel":{"type":"string","meta":{"title":"Channel","machine_name":"channel_id"}},
		"n":{"type":"number","meta":{"title":"N"}},
		"d":{"type":"string","meta":{"ui":{"ui_field":{"type":"DYNAMIC_DROPDOWN","data_source":{
			"url":"https://x.test/d","body":` + body + `,"query_params":` + query + `}}}}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	return form, form.Lookup("d")
}

// sourceBody fills channel and n, and returns the body of d's first
// request without its query_string_data copy.
func sourceBody(t *testing.T, body string) string {
	t.Helper()
	form, d := templateForm(t, body, `{}`)
	form.SetText(form.Lookup("channel"), "C1")
	form.SetText(form.Lookup("n"), "3")
	req, waiting := form.SourceRequest(d, "c1", SourceParams{})
	if waiting != nil {
		t.Fatalf("%s: waiting for %v", body, waiting)
	}
	return strings.TrimSuffix(strings.TrimPrefix(string(req.Body), "{"), `,"_cursor":"c1"}`)
}

// Each template form the official form resolves in a data source's body
// (docs/protocol.md#official-form-templates), one case per form.
func TestSourceTemplateForms(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, body, want string }{
		// {parameters.key}: the form the real backend writes.
		{"parameters", `{"channel":"{parameters.channel}"}`, `"channel":"C1"`},
		// {key}: the name itself.
		{"bare key", `{"channel":"{channel}"}`, `"channel":"C1"`},
		// {a.b.key}: any dotted name finds its last segment.
		{"dotted", `{"channel":"{steps.trigger.channel}"}`, `"channel":"C1"`},
		// A machine name is a name too.
		{"machine name", `{"channel":"{parameters.channel_id}"}`, `"channel":"C1"`},
		// Text around a template stays.
		{"inside text", `{"q":"in:{parameters.channel} is:open"}`, `"q":"in:C1 is:open"`},
		// Only the first template of a value is resolved.
		{"first only", `{"q":"{channel}/{n}"}`, `"q":"C1/{n}"`},
		// Values are text: a number field's value is sent as a string.
		{"number as text", `{"limit":"{parameters.n}"}`, `"limit":"3"`},
		// A name no field has is left out ({authorization…} is not resolved
		// by the form), and so is a template without a name.
		{"unknown name", `{"token":"{authorization.token.access_token}","x":"{}","channel":"{channel}"}`, `"channel":"C1"`},
		// Literal strings are sent as they are; empty ones are left out.
		{"literal", `{"limit":"20","exclude_archived":"true","empty":""}`, `"limit":"20","exclude_archived":"true"`},
		// Values that are not strings are left out: the real backend writes
		// every body value as a string (the official form fails on others).
		{"not strings", `{"limit":20,"on":true,"nested":{"a":"b"},"list":["x"],"channel":"{channel}"}`, `"channel":"C1"`},
	} {
		if got := sourceBody(t, tc.body); got != tc.want {
			t.Errorf("%s: %s gives {%s}, want {%s}", tc.name, tc.body, got, tc.want)
		}
	}
}

// A template's field is the source's parent: its change reloads the
// dropdown, and until it has a value our dropdown waits (where the official
// one asks with "": docs/protocol.md#official-form-kept). query_params are
// resolved like the body, depends_on values join the query as they are,
// the first page repeats the body under query_string_data and the account
// goes along.
func TestSourceRequestParentsAndQuery(t *testing.T) {
	t.Parallel()
	form, d := templateForm(t, `{"channel":"{parameters.channel}","note":"in {channel}","token":"{authorization.token.access_token}"}`, `{"q":"n={n}","fixed":"yes","bad":7}`)
	d.Dynamic.DependsOn = []string{"n"}
	if got := strings.Join(d.Dynamic.References(), ","); got != "parameters.channel,channel,authorization.token.access_token,n" {
		t.Fatalf("references %s", got)
	}
	if _, waiting := form.SourceRequest(d, "", SourceParams{}); strings.Join(waiting, ",") != "Channel,N" {
		t.Fatalf("waiting %v", waiting)
	}
	for _, name := range []string{"channel", "n"} {
		if deps := form.Dependents(form.Lookup(name)); len(deps) != 1 || deps[0] != d {
			t.Fatalf("dependents of %s: %v", name, deps)
		}
	}
	form.SetText(form.Lookup("channel"), "C 2")
	form.SetText(form.Lookup("n"), "4")
	req, waiting := form.SourceRequest(d, "", SourceParams{AccountID: "9"})
	want := `{"channel":"C 2","note":"in C 2","query_string_data":{"channel":"C 2","note":"in C 2"}}`
	if waiting != nil || string(req.Body) != want || req.ConnectedAccountID != "9" || !req.Lang {
		t.Fatalf("request %+v body %s, want %s", req, req.Body, want)
	}
	if got := fmt.Sprint(req.Query); got != "[[n 4] [q n=4] [fixed yes]]" {
		t.Fatalf("query %s", got)
	}
	// The next page: the body and _cursor, no copy.
	req, _ = form.SourceRequest(d, "eyJ", SourceParams{})
	if string(req.Body) != `{"channel":"C 2","note":"in C 2","_cursor":"eyJ"}` {
		t.Fatalf("next page body %s", req.Body)
	}
}
