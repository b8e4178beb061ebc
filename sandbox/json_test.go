package sandbox

import (
	"strings"
	"testing"

	"github.com/integry-go/integry/internal/jsonx"
)

// Schemas and arguments are walked with internal/jsonx, which stops at
// jsonx.MaxDepth levels (issue 12).
func TestJSONDepthLimit(t *testing.T) {
	deep := func(n int) []byte {
		return []byte(strings.Repeat(`{"a":`, n-1) + "{}" + strings.Repeat("}", n-1))
	}
	if _, err := parseSchema(deep(jsonx.MaxDepth + 1)); err != jsonx.ErrDepth {
		t.Errorf("parseSchema past the limit: %v, want jsonx.ErrDepth", err)
	}
	if _, err := parseSchema(deep(jsonx.MaxDepth)); err != nil {
		t.Errorf("parseSchema at the limit: %v", err)
	}
	if _, err := decodeArgs(deep(50000)); err == nil || !strings.Contains(err.Error(), "nested deeper than 1000 levels") {
		t.Errorf("decodeArgs of 50,000 levels: %v", err)
	}
	for _, bad := range []string{``, `[]`, `{"a":}`, `{"a":1} {}`, `{"a":1`, `{"properties":[]}`} {
		if _, err := parseSchema([]byte(bad)); err == nil {
			t.Errorf("parseSchema(%q) accepted", bad)
		}
	}
}

// A key written twice means what it means to JSON.parse, in the sandbox as
// in the SDK (docs/design.md#duplicate-keys): the last value, at the first
// position. Here through a catalog function's parameters, which become its
// schema (the arguments' validation) and its signatures (getFunction).
func TestDuplicateKeysInTheCatalog(t *testing.T) {
	params := []byte(`{"type":"object","properties":{
		"a":{"type":"string","title":"first"},
		"b":{"type":"number"},
		"a":{"type":"integer","title":"last"}},
		"required":["b"],"required":["a"]}`)
	s, err := parseSchema(params)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Properties) != 2 || s.Properties[0].Name != "a" || s.Properties[0].Schema.Type != "integer" || s.Properties[1].Name != "b" {
		t.Errorf("schema properties: %+v", s.Properties)
	}
	if len(s.Required) != 1 || s.Required[0] != "a" {
		t.Errorf("schema required = %v, want the last list", s.Required)
	}
	if errs := s.validate(map[string]any{"b": 1}); errs["a"] != msgRequired {
		t.Errorf("validate without a: %v", errs)
	}
	for _, withMeta := range []bool{false, true} {
		out, err := propertiesMeta(tree(params), withMeta)
		if err != nil {
			t.Fatal(err)
		}
		props := out.Get("properties")
		if len(props.Fields) != 2 || props.Fields[0].Key != "a" || props.Get("a").Get("title").Str() != "last" {
			t.Errorf("withMeta=%v: properties %s", withMeta, props.JSON())
		}
		if withMeta && !props.Path("a", "meta", "is_required").True() {
			t.Errorf("a is required by the last required list: %s", props.JSON())
		}
	}
}
