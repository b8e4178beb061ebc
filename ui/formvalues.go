package ui

import (
	"math"
	"strconv"
	"strings"

	"github.com/integry-go/integry/internal/jsonx"
	"github.com/integry-go/integry/sdk"
)

// A form's values: prefilled JSON shown in the widgets, and the widgets'
// text typed back into JSON by the schema (docs/protocol.md#differs-typed-values).

// fill sets the field's shown value from any JSON value
// (docs/protocol.md#differs-prefill-values): scalars as text, arrays as lines
// or selections, objects as JSON or into children.
func (f *Field) fill(v *jsonx.Value) {
	switch f.Kind {
	case KindCustom:
		if v.Kind == jsonx.Object {
			f.prefill = v
		}
		return
	case KindGroup:
		if v.Kind != jsonx.Object {
			return
		}
		for _, c := range f.Children {
			if cv := v.Get(c.Key); cv != nil {
				c.fill(cv)
			}
		}
		return
	case KindMultiSelect:
		f.selected = nil
		items := []*jsonx.Value{v}
		if v.Kind == jsonx.Array {
			items = v.Items
		}
		for _, it := range items {
			f.ensureOption(it)
			f.selected = append(f.selected, display(it))
		}
		return
	case KindList:
		if v.Kind == jsonx.Array {
			lines := make([]string, 0, len(v.Items))
			for _, it := range v.Items {
				lines = append(lines, display(it))
			}
			f.text = strings.Join(lines, "\n")
			return
		}
	case KindBoolean:
		switch display(v) {
		case "1":
			f.text = "true"
			return
		case "0":
			f.text = "false"
			return
		}
	case KindSelect:
		if v.Kind != jsonx.Null {
			f.ensureOption(v)
		}
	}
	f.text = display(v)
}

// ensureOption adds a prefilled value the options lack, so that a select can
// show it and submit it unchanged.
func (f *Field) ensureOption(v *jsonx.Value) {
	d := display(v)
	for _, o := range f.Options {
		if o.Value == d {
			return
		}
	}
	f.Options = append(f.Options, Option{Value: d, Label: d, id: v})
}

// Prefill sets field values from params, a JSON object of any values
// (numbers, booleans, arrays and objects included). Keys the schema does not
// know are kept and returned by [Form.Values] unchanged. null or an empty
// params does nothing; anything but an object is invalid_argument.
func (f *Form) Prefill(params []byte) error {
	if len(strings.TrimSpace(string(params))) == 0 {
		return nil
	}
	v, err := jsonx.Parse(params)
	if err == jsonx.ErrDepth {
		return sdk.TooDeep("params")
	}
	if err != nil {
		return sdk.InvalidArgument("params must be a JSON object: " + err.Error())
	}
	if v.Kind == jsonx.Null {
		return nil
	}
	if v.Kind != jsonx.Object {
		return sdk.InvalidArgument("params must be an object")
	}
	for _, m := range v.Fields {
		if fl := f.field(m.Key); fl != nil {
			fl.fill(m.Value)
			continue
		}
		f.extra = append(f.extra, m)
	}
	return nil
}

// Values validates the form and returns the typed arguments as a JSON object
// in schema order: numbers as numbers, booleans as booleans, arrays as
// arrays (docs/protocol.md#differs-typed-values), with false and 0 kept
// (docs/protocol.md#differs-falsy-values); empty optional fields are left
// out. Prefilled keys the schema does not know follow, unchanged.
// With problems it returns nil and the invalid fields.
func (f *Form) Values() ([]byte, []*Field) {
	if bad := f.Validate(); len(bad) > 0 {
		return nil, bad
	}
	obj := groupValue(f.Fields)
	for _, m := range f.extra {
		obj.Set(m.Key, m.Value)
	}
	return obj.JSON(), nil
}

func groupValue(fs []*Field) *jsonx.Value {
	obj := &jsonx.Value{Kind: jsonx.Object}
	for _, fl := range fs {
		var v *jsonx.Value
		if fl.Kind == KindGroup || fl.Kind == KindCustom {
			v = groupValue(fl.Children)
			if fl.Kind == KindCustom && fl.prefill != nil {
				// Prefilled keys the data source does not list pass through.
				for _, m := range fl.prefill.Fields {
					if v.Get(m.Key) == nil && !hasChild(fl, m.Key) {
						v.Set(m.Key, m.Value)
					}
				}
			}
			if len(v.Fields) == 0 && !fl.Required {
				v = nil
			}
		} else {
			v, _ = fl.typed()
		}
		if v != nil {
			obj.Set(fl.Key, v)
		}
	}
	return obj
}

func hasChild(fl *Field, key string) bool {
	for _, c := range fl.Children {
		if c.Key == key {
			return true
		}
	}
	return false
}

// typed converts the field's text to its JSON value. A nil value with a nil
// problem means "empty and optional: leave it out".
func (fl *Field) typed() (*jsonx.Value, *Problem) {
	if fl.Kind == KindMultiSelect {
		if len(fl.selected) == 0 {
			return fl.missing()
		}
		arr := &jsonx.Value{Kind: jsonx.Array}
		for _, s := range fl.selected {
			v, p := fl.optionValue(s, fl.ItemType)
			if p != nil {
				return nil, p
			}
			arr.Items = append(arr.Items, v)
		}
		return arr, nil
	}
	s := fl.text
	if fl.Kind != KindText && fl.Kind != KindTextarea {
		s = strings.TrimSpace(s)
	}
	if s == "" {
		return fl.missing()
	}
	if fl.pattern != "" && (fl.Type == "string" || fl.Type == "") && !patternMatches(fl.pattern, s) {
		return nil, &Problem{Key: "pattern", Custom: fl.patternMessage}
	}
	switch fl.Kind {
	case KindSelect:
		return fl.optionValue(s, fl.Type)
	case KindBoolean:
		switch s {
		case "true":
			return boolValue(true), nil
		case "false":
			return boolValue(false), nil
		}
		return nil, &Problem{Key: "boolean"}
	case KindNumber:
		return scalar(s, fl.Type)
	case KindList:
		arr := &jsonx.Value{Kind: jsonx.Array}
		for _, line := range strings.Split(s, "\n") {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			v, p := scalar(line, fl.ItemType)
			if p != nil {
				return nil, p
			}
			arr.Items = append(arr.Items, v)
		}
		if len(arr.Items) == 0 {
			return fl.missing()
		}
		return arr, nil
	case KindJSON:
		v, err := jsonx.Parse([]byte(s))
		if err == jsonx.ErrDepth {
			return nil, &Problem{Key: "json_depth"}
		}
		if err != nil {
			return nil, &Problem{Key: "json"}
		}
		if fl.Type == "array" && v.Kind != jsonx.Array {
			return nil, &Problem{Key: "array"}
		}
		if fl.Type == "object" && v.Kind != jsonx.Object {
			return nil, &Problem{Key: "object"}
		}
		return v, nil
	}
	return scalar(s, fl.Type)
}

func (fl *Field) missing() (*jsonx.Value, *Problem) {
	if fl.Required {
		return nil, &Problem{Key: "required"}
	}
	return nil, nil
}

// optionValue maps a chosen option back to its typed value.
func (fl *Field) optionValue(s, typ string) (*jsonx.Value, *Problem) {
	for _, o := range fl.Options {
		if o.Value == s && o.id != nil {
			if typ == "" || typ == "null" {
				return o.id, nil
			}
			return scalar(display(o.id), typ)
		}
	}
	return scalar(s, typ)
}

// scalar converts text to a JSON value of the schema type: numbers are
// checked and sent as numbers, integers must be whole, booleans must be true
// or false, and everything else is a string.
func scalar(s, typ string) (*jsonx.Value, *Problem) {
	switch typ {
	case "number", "integer":
		t := strings.TrimSpace(s)
		f, err := strconv.ParseFloat(t, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || strings.ContainsAny(t, "xXpP_") {
			if typ == "integer" {
				return nil, &Problem{Key: "integer"}
			}
			return nil, &Problem{Key: "number"}
		}
		if typ == "integer" && f != math.Trunc(f) {
			return nil, &Problem{Key: "integer"}
		}
		lit := t
		if jsonx.KindOf([]byte(t)) != jsonx.Number || jsonx.Valid([]byte(t)) != nil { // "+1", ".5", "1." are numbers to a person, not to JSON
			lit = strconv.FormatFloat(f, 'f', -1, 64)
		}
		return &jsonx.Value{Kind: jsonx.Number, Text: lit}, nil
	case "boolean":
		switch strings.TrimSpace(s) {
		case "true":
			return boolValue(true), nil
		case "false":
			return boolValue(false), nil
		}
		return nil, &Problem{Key: "boolean"}
	}
	return textValue(s), nil
}

// textValue is the JSON string s.
func textValue(s string) *jsonx.Value { return &jsonx.Value{Kind: jsonx.String, Text: s} }

// boolValue is the JSON literal true or false.
func boolValue(b bool) *jsonx.Value {
	return &jsonx.Value{Kind: jsonx.Bool, Text: strconv.FormatBool(b)}
}

// display is how a prefilled or default value appears in a text widget:
// strings as they are, numbers and booleans as literals, arrays and objects
// as JSON (docs/protocol.md#differs-prefill-values), null as empty.
func display(v *jsonx.Value) string {
	if v == nil {
		return ""
	}
	switch v.Kind {
	case jsonx.String, jsonx.Number, jsonx.Bool:
		return v.Text
	case jsonx.Array, jsonx.Object:
		return string(v.JSON())
	}
	return ""
}
