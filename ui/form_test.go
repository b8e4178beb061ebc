package ui

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/integry-go/integry/sdk"
)

// dumpForm writes the fields as a person would meet them, one per line.
func dumpForm(f *Form) string {
	var b strings.Builder
	fmt.Fprintf(&b, "form %q title=%q description=%q\n", f.Name, f.Title, f.Description)
	if f.App != nil {
		fmt.Fprintf(&b, "app %s %q accounts:", f.App.Name, f.App.Title)
		for _, a := range f.App.ConnectedAccounts {
			fmt.Fprintf(&b, " %d", a.ID)
		}
		b.WriteString("\n")
	}
	for _, fl := range f.All() {
		fmt.Fprintf(&b, "%s%s kind=%s type=%s", strings.Repeat("  ", len(fl.Path)), fl.ID(), fl.Kind, fl.Type)
		if fl.ItemType != "" {
			fmt.Fprintf(&b, " items=%s", fl.ItemType)
		}
		if fl.Required {
			b.WriteString(" required")
		}
		if fl.Hidden {
			b.WriteString(" hidden")
		}
		fmt.Fprintf(&b, " label=%q", fl.Label)
		if fl.Help != "" {
			fmt.Fprintf(&b, " help=%q", fl.Help)
		}
		if fl.Placeholder != "" {
			fmt.Fprintf(&b, " placeholder=%q", fl.Placeholder)
		}
		if fl.MachineName != fl.Key {
			fmt.Fprintf(&b, " machine=%q", fl.MachineName)
		}
		if fl.pattern != "" {
			fmt.Fprintf(&b, " pattern=%q", fl.pattern)
		}
		if fl.Dynamic != nil {
			fmt.Fprintf(&b, " dynamic=%q", fl.Dynamic.URL)
		}
		for _, o := range fl.Options {
			fmt.Fprintf(&b, " option(%q=%q)", o.Value, o.Label)
		}
		if fl.Text() != "" {
			fmt.Fprintf(&b, " text=%q", fl.Text())
		}
		if len(fl.selected) > 0 {
			fmt.Fprintf(&b, " selected=%q", fl.selected)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func dumpValues(f *Form) string {
	vals, bad := f.Values()
	if len(bad) == 0 {
		return "values " + string(vals) + "\n"
	}
	var b strings.Builder
	b.WriteString("problems\n")
	for _, fl := range bad {
		fmt.Fprintf(&b, "  %s: %s %q\n", strings.Join(fl.Path, "."), fl.Problem().Key, fl.Problem().Custom)
	}
	return b.String()
}

func mustForm(t *testing.T, fixture string) *Form {
	t.Helper()
	f, err := ParseForm(readFixture(t, fixture))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// The seed's slack-post-message has no meta: every field falls back to its
// schema type (docs/protocol.md#differs-schema-fallback), required comes
// from "required" (docs/protocol.md#differs-enum-required).
func TestFormSlackPostMessage(t *testing.T) {
	t.Parallel()
	f := mustForm(t, "slack-post-message.json")
	out := dumpForm(f)
	out += "-- empty\n" + dumpValues(f)
	if err := f.Prefill([]byte(`{"channel":"general","text":"hello world from the other side","as_user":false,"blocks":["a","b"],"mrkdwn":true}`)); err != nil {
		t.Fatal(err)
	}
	out += "-- prefilled as in the seed's showFunctionUI example\n" + dumpValues(f)
	golden(t, out)
}

// meta.ui hints: titles, help, placeholders, static/dynamic dropdowns,
// multiselect checkboxes, visibility, regex, defaults, nested objects.
func TestFormMetaHints(t *testing.T) {
	t.Parallel()
	f := mustForm(t, "meta-hints.json")
	golden(t, dumpForm(f)+"-- untouched\n"+dumpValues(f))
}

func TestFormKeyOrder(t *testing.T) {
	t.Parallel()
	f := mustForm(t, "key-order.json")
	var keys []string
	for _, fl := range f.Fields {
		keys = append(keys, fl.Key)
	}
	if got, want := strings.Join(keys, ","), "zulu,alpha,mike,Ünïcode key"; got != want {
		t.Fatalf("fields in order %s, want the signature's %s", got, want)
	}
	for _, fl := range f.Fields {
		f.SetText(fl, fl.Key)
	}
	vals, bad := f.Values()
	if bad != nil {
		t.Fatal(bad)
	}
	if want := `{"zulu":"zulu","alpha":"alpha","mike":"mike","Ünïcode key":"Ünïcode key"}`; string(vals) != want {
		t.Fatalf("values %s, want %s", vals, want)
	}
}

// Prefills of any JSON type display, and come back typed
// (docs/protocol.md#differs-prefill-values).
func TestFormPrefillAnyJSON(t *testing.T) {
	t.Parallel()
	f := mustForm(t, "meta-hints.json")
	err := f.Prefill([]byte(`{
		"zeta_title": "Broken", "body": 42, "channel": "C02", "priority": 2, "severity": "high",
		"owner": 9001, "labels": ["bug", "docs"], "estimate": 0, "urgent": false,
		"watchers": [1, 2, 3], "internal_id": "x-1", "address": {"city": "Lyon", "zip": "69001"},
		"extra": {"nested": [1, {"a": null}]}, "tags_json": [{"k": "v"}], "nothing": null,
		"unknown_key": {"kept": true}}`))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, dumpForm(f)+dumpValues(f))
}

// Numbers and booleans leave as JSON numbers and booleans, 0 and false are
// kept, empty optionals are left out (docs/protocol.md#differs-typed-values,
// docs/protocol.md#differs-falsy-values).
func TestFormTypedValues(t *testing.T) {
	t.Parallel()
	f := mustForm(t, "meta-hints.json")
	set := func(path, text string) {
		fl := f.Lookup(strings.Split(path, ".")...)
		if fl == nil {
			t.Fatalf("no field %s", path)
		}
		f.SetText(fl, text)
	}
	set("zeta_title", "Printer")
	set("body", "")     // required: reported below, then filled
	set("estimate", "") // the default 1.5 was cleared: optional, left out
	set("priority", "3")
	set("urgent", "false")
	set("watchers", "0\n\n 7 ")
	set("address.city", "Paris")
	set("channel", "C01")
	_, bad := f.Values()
	if len(bad) != 1 || bad[0].Key != "body" || bad[0].Problem().Key != "required" {
		t.Fatalf("problems %v, want only body: required", bad)
	}
	set("body", "0")
	f.SetSelected(f.Lookup("labels"), []string{"ui"})
	vals, bad := f.Values()
	if bad != nil {
		t.Fatalf("unexpected problems %v", bad)
	}
	var got map[string]any
	if err := json.Unmarshal(vals, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"zeta_title": "Printer", "body": "0", "channel": "C01", "priority": 3.0, "urgent": false,
		"watchers": []any{0.0, 7.0}, "labels": []any{"ui"}, "address": map[string]any{"city": "Paris"},
	}
	if g, w := fmt.Sprint(got), fmt.Sprint(want); g != w {
		t.Fatalf("values\n got %s\nwant %s\n(raw %s)", g, w, vals)
	}
	golden(t, string(vals)+"\n")
}

// Every validation message is tied to its field.
func TestFormValidationProblems(t *testing.T) {
	t.Parallel()
	f := mustForm(t, "meta-hints.json")
	set := func(path, text string) { f.SetText(f.Lookup(strings.Split(path, ".")...), text) }
	set("zeta_title", "lowercase start")
	set("priority", "1.5") // not in the enum list but typed: integer check
	set("estimate", "12abc")
	set("urgent", "maybe")
	set("watchers", "1\ntwo")
	set("address.zip", "ABCDE")
	set("extra", "{not json")
	set("tags_json", `{"an":"object"}`)
	set("internal_id", "") // hidden: never a problem
	out := dumpValues(f)
	// A fixed field loses its problem at once.
	set("zeta_title", "Uppercase start")
	if p := f.Lookup("zeta_title").Problem(); p != nil {
		t.Fatalf("zeta_title still has %v after it was fixed", p)
	}
	golden(t, out)
}

func TestFormHiddenAndVisibleFields(t *testing.T) {
	t.Parallel()
	f := mustForm(t, "meta-hints.json")
	f.Hide([]string{"body", "city"}, []string{"internal_id"})
	var got []string
	for _, fl := range f.All() {
		if fl.Hidden {
			got = append(got, strings.Join(fl.Path, "."))
		}
	}
	if g := strings.Join(got, " "); g != "body address.city" {
		t.Fatalf("hidden %q, want body and address.city (internal_id made visible)", g)
	}
	// A hidden required field is not checked: the person could not fix it.
	if bad := f.Validate(); len(bad) != 2 || bad[0].Key != "zeta_title" || bad[1].Key != "channel" {
		t.Fatalf("problems %v", bad)
	}
}

func TestFormRejectsBadInput(t *testing.T) {
	t.Parallel()
	for _, sig := range []string{``, `[]`, `{"name":`, `{"name":"x"} {}`} {
		if _, err := ParseForm([]byte(sig)); sdk.CodeOf(err) != sdk.CodeServerError {
			t.Errorf("ParseForm(%q) = %v, want server_error", sig, err)
		}
	}
	f := mustForm(t, "key-order.json")
	for _, p := range []string{`[1]`, `"text"`, `{"a":`} {
		if err := f.Prefill([]byte(p)); sdk.CodeOf(err) != sdk.CodeInvalidArgument {
			t.Errorf("Prefill(%q) = %v, want invalid_argument", p, err)
		}
	}
	for _, p := range []string{``, `null`, `{}`} {
		if err := f.Prefill([]byte(p)); err != nil {
			t.Errorf("Prefill(%q) = %v, want nil", p, err)
		}
	}
}

func TestReadable(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"thread_ts": "Thread ts", "iconUrl": "Icon url", "élan": "Élan", "_": "_", "URL": "URL"} {
		if got := readable(in); got != want {
			t.Errorf("readable(%q) = %q, want %q", in, got, want)
		}
	}
}
