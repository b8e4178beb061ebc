package tools

import (
	"slices"
	"strings"
)

// The keywords a tool's JSON Schema keeps (docs/mcp.md#schemas). Integry's
// signatures carry a "meta" object in each property (the form's hints,
// with include=meta); it is not JSON Schema and no provider wants it.
var jsonSchemaKeywords = map[string]bool{
	"type": true, "description": true, "enum": true, "const": true, "default": true,
	"format": true, "items": true, "properties": true, "required": true,
	"additionalProperties": true, "minimum": true, "maximum": true,
	"exclusiveMinimum": true, "exclusiveMaximum": true, "minLength": true,
	"maxLength": true, "pattern": true, "minItems": true, "maxItems": true,
	"uniqueItems": true, "anyOf": true, "oneOf": true, "allOf": true, "title": true,
	"examples": true,
}

// cleanSchema returns a copy of a JSON Schema with only the keywords above,
// at every level. A schema that is not an object becomes {} (any value).
func cleanSchema(v node) *object {
	in, ok := v.(*object)
	out := &object{}
	if !ok {
		return out
	}
	for _, m := range in.members {
		if !jsonSchemaKeywords[m.key] {
			continue
		}
		switch m.key {
		case "properties":
			props, ok := m.value.(*object)
			if !ok {
				continue
			}
			p := &object{}
			for _, pm := range props.members {
				p.set(pm.key, cleanSchema(pm.value))
			}
			out.set("properties", p)
		case "items":
			if a, ok := m.value.([]any); ok { // tuple form: the first schema
				if len(a) > 0 {
					out.set("items", cleanSchema(a[0]))
				}
				continue
			}
			out.set("items", cleanSchema(m.value))
		case "additionalProperties":
			if b, ok := m.value.(bool); ok {
				out.set(m.key, b)
			} else {
				out.set(m.key, cleanSchema(m.value))
			}
		case "anyOf", "oneOf", "allOf":
			a, ok := m.value.([]any)
			if !ok {
				continue
			}
			var subs []any
			for _, s := range a {
				subs = append(subs, cleanSchema(s))
			}
			out.set(m.key, subs)
		case "required":
			if a, ok := m.value.([]any); ok {
				out.set(m.key, a)
			}
		default:
			out.set(m.key, m.value)
		}
	}
	return out
}

// rootSchema makes a cleaned schema a valid tool input schema for every
// provider: an object with properties, whose required names only
// properties it has.
func rootSchema(s *object) {
	s.set("type", "object")
	props := s.obj("properties")
	if props == nil {
		props = &object{}
		s.set("properties", props)
	}
	if req, ok := s.get("required"); ok {
		var keep []any
		for _, r := range req.([]any) {
			if name, ok := r.(string); ok {
				if _, has := props.get(name); has && !slices.Contains(keep, any(name)) {
					keep = append(keep, name)
				}
			}
		}
		if len(keep) == 0 {
			s.del("required")
		} else {
			s.set("required", keep)
		}
	}
}

// geminiSchema turns a cleaned JSON Schema into the subset of OpenAPI 3.0
// that Gemini's function declarations take (docs/mcp.md#schemas):
//   - type is one name, upper case; a type list with "null" is nullable;
//   - enum only on strings: other enums move into the description;
//   - const becomes a one-value enum, oneOf becomes anyOf, allOf goes;
//   - format only where Gemini knows it (date-time, enum; int32, int64;
//     float, double), other formats move into the description;
//   - additionalProperties, title, default, examples and the exclusive
//     bounds go;
//   - an object without properties below the top becomes a STRING that
//     holds the object as JSON (Gemini refuses empty OBJECT schemas); asText
//     records each such top-level property, so that a call decodes it.
func geminiSchema(s *object, top bool, asText map[string]bool) *object {
	out := &object{}
	desc := s.str("description")
	typ := ""
	nullable := false
	switch t := mustGet(s, "type").(type) {
	case string:
		typ = t
	case []any:
		for _, e := range t {
			if e == "null" {
				nullable = true
			} else if name, ok := e.(string); ok && typ == "" {
				typ = name
			}
		}
	}
	if typ == "" {
		if _, ok := s.get("properties"); ok {
			typ = "object"
		} else if _, ok := s.get("items"); ok {
			typ = "array"
		}
	}
	if typ == "object" && !top {
		if p := s.obj("properties"); p == nil || len(p.members) == 0 {
			typ = "string"
			desc = strings.TrimSpace(desc + " A JSON object, written as a JSON string.")
			if asText != nil {
				asText[""] = true // the caller names the property
			}
			out.set("type", "STRING")
			out.set("description", desc)
			return out
		}
	}
	if typ != "" {
		out.set("type", strings.ToUpper(typ))
	}
	if nullable {
		out.set("nullable", true)
	}
	if v, ok := s.get("format"); ok {
		f, _ := v.(string)
		switch {
		case typ == "string" && (f == "date-time" || f == "enum"),
			typ == "integer" && (f == "int32" || f == "int64"),
			typ == "number" && (f == "float" || f == "double"):
			out.set("format", f)
		case f != "":
			desc = strings.TrimSpace(desc + " Format: " + f + ".")
		}
	}
	var enum []any
	if v, ok := s.get("enum"); ok {
		enum, _ = v.([]any)
	}
	if v, ok := s.get("const"); ok {
		enum = []any{v}
	}
	if len(enum) > 0 {
		if typ == "string" && allStrings(enum) {
			out.set("enum", enum)
		} else {
			var vals []string
			for _, e := range enum {
				vals = append(vals, string(mustJSON(e)))
			}
			desc = strings.TrimSpace(desc + " One of: " + strings.Join(vals, ", ") + ".")
		}
	}
	for _, k := range []string{"minimum", "maximum", "minLength", "maxLength", "pattern", "minItems", "maxItems"} {
		if v, ok := s.get(k); ok {
			out.set(k, v)
		}
	}
	if p := s.obj("properties"); p != nil {
		props := &object{}
		for _, m := range p.members {
			sub, _ := m.value.(*object)
			if sub == nil {
				sub = &object{}
			}
			var mark map[string]bool
			if top {
				mark = map[string]bool{}
			}
			props.set(m.key, geminiSchema(sub, false, mark))
			if mark[""] {
				asText[m.key] = true
			}
		}
		if len(props.members) > 0 {
			out.set("properties", props)
		}
		if r, ok := s.get("required"); ok {
			out.set("required", r)
		}
	}
	if it := s.obj("items"); it != nil {
		out.set("items", geminiSchema(it, false, nil))
	} else if typ == "array" {
		out.set("items", &object{members: []member{{"type", "STRING"}}})
	}
	for _, k := range []string{"anyOf", "oneOf"} {
		if a, ok := s.get(k); ok {
			var subs []any
			for _, e := range a.([]any) {
				if o, ok := e.(*object); ok {
					subs = append(subs, geminiSchema(o, false, nil))
				}
			}
			if len(subs) > 0 {
				out.set("anyOf", subs)
			}
		}
	}
	if desc != "" {
		out.set("description", desc)
	}
	return out
}

func mustGet(o *object, key string) node {
	v, _ := o.get(key)
	return v
}

func allStrings(a []any) bool {
	for _, e := range a {
		if _, ok := e.(string); !ok {
			return false
		}
	}
	return true
}

// cursorProperty is the parameter every tool of a function that may page
// gets: the cursor of the previous result.
func cursorProperty() *object {
	return &object{members: []member{
		{"type", "string"},
		{"description", "Only to get the next page: the _cursor of this tool's previous result. Leave it out for the first page."},
	}}
}
