package ui

import "testing"

// A key written twice in a signature or a prefill means what it means to
// JSON.parse, which reads the official SDK's bodies: the last value, at the
// first position (docs/design.md#duplicate-keys).
func TestDuplicateKeysInASignatureAndAPrefill(t *testing.T) {
	t.Parallel()
	f, err := ParseForm([]byte(`{"name":"first","parameters":{"type":"object","properties":{
		"a":{"type":"string","title":"A first"},
		"b":{"type":"number"},
		"a":{"type":"integer","title":"A last"}}},"name":"last"}`))
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "last" {
		t.Errorf("Name = %q, want the last value", f.Name)
	}
	if len(f.Fields) != 2 || f.Fields[0].Key != "a" || f.Fields[0].Label != "A last" || f.Fields[0].Type != "integer" || f.Fields[1].Key != "b" {
		t.Fatalf("fields: %+v", f.Fields)
	}
	if err := f.Prefill([]byte(`{"x":"first","a":1,"x":"last","a":2}`)); err != nil {
		t.Fatal(err)
	}
	if got := f.Fields[0].Text(); got != "2" {
		t.Errorf("a shows %q, want the last prefilled value", got)
	}
	out, bad := f.Values()
	if len(bad) > 0 {
		t.Fatalf("problems: %v", bad)
	}
	if string(out) != `{"a":2,"x":"last"}` {
		t.Errorf("Values = %s, want each key once, the last value", out)
	}
}
