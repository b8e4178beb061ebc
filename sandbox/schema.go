package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/integry-go/integry/internal/jsonx"
)

// Schema is the JSON-schema subset function parameters use
// (docs/protocol.md#function-signature):
// type string, number, integer, boolean, null, array (items) and object
// (properties, required, additionalProperties), with an optional enum.
type Schema struct {
	Type                 string
	Properties           []Property // in key order
	Required             []string
	Items                *Schema
	Enum                 []json.RawMessage
	AdditionalProperties bool // default true
}

// Property is one named property of an object schema.
type Property struct {
	Name   string
	Schema *Schema
}

// parseSchema reads a schema, keeping property order.
func parseSchema(b []byte) (*Schema, error) {
	v, err := jsonx.Parse(b)
	if err != nil {
		return nil, err
	}
	return schemaOf(v)
}

// schemaOf reads a parsed schema. A key written twice counts once, with its
// last value (docs/design.md#duplicate-keys).
func schemaOf(o *jsonx.Value) (*Schema, error) {
	if o.Kind != jsonx.Object {
		return nil, jsonx.ErrNotObject
	}
	s := &Schema{AdditionalProperties: true}
	if t := o.Get("type"); t != nil && t.Kind != jsonx.Null {
		if t.Kind != jsonx.String {
			return nil, fmt.Errorf("type must be a string")
		}
		s.Type = t.Text
	}
	switch s.Type {
	case "", "string", "number", "integer", "boolean", "null", "array", "object":
	default:
		return nil, fmt.Errorf("unknown type %q", s.Type)
	}
	if r := o.Get("required"); r != nil {
		if err := json.Unmarshal(r.Raw, &s.Required); err != nil {
			return nil, fmt.Errorf("required must be a list of names")
		}
	}
	if e := o.Get("enum"); e != nil {
		if err := json.Unmarshal(e.Raw, &s.Enum); err != nil {
			return nil, fmt.Errorf("enum must be a list")
		}
	}
	if a := o.Get("additionalProperties"); a != nil {
		json.Unmarshal(a.Raw, &s.AdditionalProperties)
	}
	var err error
	if it := o.Get("items"); it != nil {
		if s.Items, err = schemaOf(it); err != nil {
			return nil, fmt.Errorf("items: %w", err)
		}
	}
	if p := o.Get("properties"); p != nil {
		if p.Kind != jsonx.Object {
			return nil, fmt.Errorf("properties: %w", jsonx.ErrNotObject)
		}
		for _, m := range p.Fields {
			ps, err := schemaOf(m.Value)
			if err != nil {
				return nil, fmt.Errorf("property %s: %w", m.Key, err)
			}
			s.Properties = append(s.Properties, Property{Name: m.Key, Schema: ps})
		}
	}
	return s, nil
}

// Messages of a refused call's error_details, keyed by parameter.
const (
	msgRequired = "This parameter is required and must not be null or empty"
	msgUnknown  = "This parameter is not accepted by the function"
)

// validate checks args (decoded with UseNumber) against an object schema
// and returns one message per offending parameter, keyed by its path
// ("name", "properties.company", "emails[2]"). Nil means valid.
func (s *Schema) validate(args map[string]any) map[string]string {
	errs := map[string]string{}
	s.validateObject("", args, errs)
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func (s *Schema) validateObject(prefix string, obj map[string]any, errs map[string]string) {
	for _, name := range s.Required {
		if isEmpty(obj[name]) {
			errs[prefix+name] = msgRequired
		}
	}
	for _, p := range s.Properties {
		v, ok := obj[p.Name]
		if !ok || v == nil {
			continue // absent or null optional values are allowed; required ones are reported above
		}
		p.Schema.validateValue(prefix+p.Name, v, errs)
	}
	if !s.AdditionalProperties {
		for k := range obj {
			if !slices.ContainsFunc(s.Properties, func(p Property) bool { return p.Name == k }) {
				errs[prefix+k] = msgUnknown
			}
		}
	}
}

func (s *Schema) validateValue(path string, v any, errs map[string]string) {
	if _, done := errs[path]; done {
		return
	}
	if got := jsonType(v); !typeMatches(s.Type, v) {
		errs[path] = fmt.Sprintf("Expected a value of type %s but got %s", s.Type, got)
		return
	}
	if len(s.Enum) > 0 && !inEnum(s.Enum, v) {
		var vals []string
		for _, e := range s.Enum {
			vals = append(vals, string(e))
		}
		errs[path] = "Must be one of: " + strings.Join(vals, ", ")
		return
	}
	switch x := v.(type) {
	case []any:
		if s.Items != nil {
			for i, item := range x {
				if item == nil && s.Items.Type != "null" && s.Items.Type != "" {
					errs[fmt.Sprintf("%s[%d]", path, i)] = fmt.Sprintf("Expected a value of type %s but got null", s.Items.Type)
					continue
				}
				s.Items.validateValue(fmt.Sprintf("%s[%d]", path, i), item, errs)
			}
		}
	case map[string]any:
		if s.Type == "object" {
			s.validateObject(path+".", x, errs)
		}
	}
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	}
	return false
}

func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number:
		if _, err := x.Int64(); err == nil {
			return "integer"
		}
		return "number"
	case float64:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func typeMatches(want string, v any) bool {
	got := jsonType(v)
	switch want {
	case "":
		return true
	case "number":
		return got == "number" || got == "integer"
	case "integer":
		if got == "integer" {
			return true
		}
		if n, ok := v.(json.Number); ok { // 3.0 is an integer in JSON schema
			f, err := n.Float64()
			return err == nil && f == float64(int64(f))
		}
		return false
	}
	return got == want
}

// inEnum compares v with each enum value by JSON meaning (1 equals 1.0).
func inEnum(enum []json.RawMessage, v any) bool {
	for _, e := range enum {
		var ev any
		d := json.NewDecoder(bytes.NewReader(e))
		d.UseNumber()
		if d.Decode(&ev) != nil {
			continue
		}
		if sameJSON(ev, v) {
			return true
		}
	}
	return false
}

func sameJSON(a, b any) bool {
	an, aok := a.(json.Number)
	bn, bok := b.(json.Number)
	if aok && bok {
		af, e1 := an.Float64()
		bf, e2 := bn.Float64()
		return e1 == nil && e2 == nil && af == bf
	}
	ab, _ := json.Marshal(a)
	bb, _ := json.Marshal(b)
	return bytes.Equal(ab, bb)
}

// decodeArgs decodes a call body: absent, empty or null means {}; anything
// but a JSON object is an error. Numbers stay json.Number.
func decodeArgs(body []byte) (map[string]any, error) {
	t := bytes.TrimSpace(body)
	if len(t) == 0 || string(t) == "null" {
		return map[string]any{}, nil
	}
	if jsonx.Valid(t) == jsonx.ErrDepth { // what follows recurses: bound it first
		return nil, errors.New("JSON parse error - the body is " + jsonx.TooDeep)
	}
	d := json.NewDecoder(bytes.NewReader(t))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, fmt.Errorf("JSON parse error - %v", err)
	}
	if d.More() {
		return nil, fmt.Errorf("JSON parse error - trailing data after the body")
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the body must be a JSON object, not %s", jsonType(v))
	}
	return m, nil
}

// hasProperty reports whether the object schema declares name.
func (s *Schema) hasProperty(name string) bool {
	return slices.ContainsFunc(s.Properties, func(p Property) bool { return p.Name == name })
}

// coerceStrings turns the string values of obj's number, integer and
// boolean properties into those types when they read as one ("20",
// "true"): a data source's body holds strings only, as the official form
// requires of it (docs/protocol.md#official-form-templates), and the
// function it calls declares typed parameters. A string that reads as
// nothing else is left for validate to refuse.
func (s *Schema) coerceStrings(obj map[string]any) {
	for _, p := range s.Properties {
		str, ok := obj[p.Name].(string)
		if !ok || p.Schema == nil {
			continue
		}
		t := strings.TrimSpace(str)
		switch p.Schema.Type {
		case "number", "integer":
			if jsonNumberRE.MatchString(t) {
				obj[p.Name] = json.Number(t)
			}
		case "boolean":
			switch t {
			case "true", "True", "1":
				obj[p.Name] = true
			case "false", "False", "0":
				obj[p.Name] = false
			}
		}
	}
}

// jsonNumberRE matches a number as JSON writes it.
var jsonNumberRE = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)
