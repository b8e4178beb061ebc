package ui

import (
	"cmp"
	"strings"

	"github.com/integry-go/integry/internal/jsonx"
	"github.com/integry-go/integry/sdk"
)

// Reading a function's signature into a form: the properties in key order,
// each one's widget from its schema type and meta.ui hints
// (docs/protocol.md#function-signature).

// ParseForm builds a form from a function signature as the server sent it
// (sdk.Function.Raw), with include=meta hints when present. Properties keep
// the signature's key order.
func ParseForm(signature []byte) (*Form, error) {
	sig, err := sdk.ParseDoc(signature)
	if err != nil {
		return nil, sdk.NewError(sdk.CodeServerError, "the function signature is not valid JSON: "+err.Error())
	}
	return parseForm(sig)
}

// parseForm builds the form of a decoded signature.
func parseForm(d sdk.Doc) (*Form, error) {
	sig := sdk.Tree(d)
	if sig == nil || sig.Kind != jsonx.Object {
		return nil, sdk.NewError(sdk.CodeServerError, "the function signature is not a JSON object")
	}
	f := &Form{Name: sig.Get("name").Str(), Description: sig.Get("description").Str()}
	f.Title = sig.Path("meta", "ui", "title").Str()
	if f.Title == "" {
		f.Title = f.Name
	}
	if meta := d.Get("meta"); meta != nil {
		if app := meta.Get("app"); app != nil && app.Kind() == sdk.KindObject {
			if a, err := sdk.AppOf(app); err == nil {
				f.App = a
			}
		}
	}
	f.Fields = parseProperties(sig.Get("parameters"), nil)
	return f, nil
}

func parseProperties(schema *jsonx.Value, parent []string) []*Field {
	props := schema.Get("properties")
	if props == nil || props.Kind != jsonx.Object {
		return nil
	}
	required := map[string]bool{}
	if req := schema.Get("required"); req != nil && req.Kind == jsonx.Array {
		for _, r := range req.Items {
			required[r.Str()] = true
		}
	}
	var fields []*Field
	for _, m := range props.Fields {
		fields = append(fields, parseField(m.Key, m.Value, required[m.Key], parent))
	}
	return fields
}

func schemaType(p *jsonx.Value) string {
	t := p.Get("type")
	if t == nil {
		return ""
	}
	if t.Kind == jsonx.Array { // ["string", "null"]
		for _, it := range t.Items {
			if it.Str() != "null" && it.Str() != "" {
				return it.Str()
			}
		}
		return "null"
	}
	return t.Str()
}

func parseField(key string, p *jsonx.Value, required bool, parent []string) *Field {
	meta := p.Get("meta")
	ui := meta.Get("ui")
	uf := ui.Get("ui_field")
	f := &Field{
		Key:         key,
		Path:        append(append([]string(nil), parent...), key),
		MachineName: cmp.Or(meta.Get("machine_name").Str(), key),
		Label:       cmp.Or(meta.Get("title").Str(), p.Get("title").Str(), readable(key)),
		Help:        cmp.Or(meta.Get("description_for_users").Str(), p.Get("description").Str()),
		Placeholder: ui.Get("placeholder").Str(),
		Type:        schemaType(p),
		Required:    required || meta.Get("is_required").True(),
		Hidden:      ui.Get("is_visible").False(),
	}
	if f.Type == "array" {
		f.ItemType = schemaType(p.Get("items"))
	}
	if re := cmp.Or(ui.Get("regex").Str(), p.Get("pattern").Str()); re != "" {
		if _, valid := matchPattern(re, ""); valid { // a pattern that does not compile is skipped, not fatal
			f.pattern = re
			f.patternMessage = ui.Get("regex_error_message").Str()
		}
	}

	// Options: meta.ui.ui_field.options, else enum
	// (docs/protocol.md#differs-enum-required), else the items' enum for
	// arrays.
	if opts := uf.Get("options"); opts != nil && opts.Kind == jsonx.Array {
		for _, o := range opts.Items {
			id := o.Get("id")
			if id == nil {
				id = o.Get("value")
			}
			f.Options = append(f.Options, Option{Value: display(id), Label: cmp.Or(display(o.Get("value")), display(id)), id: id})
		}
	}
	if f.Options == nil {
		enum := p.Get("enum")
		if enum == nil && f.Type == "array" {
			enum = p.Path("items", "enum")
		}
		if enum != nil && enum.Kind == jsonx.Array {
			for _, e := range enum.Items {
				f.Options = append(f.Options, Option{Value: display(e), Label: display(e), id: e})
			}
		}
	}

	uiType := strings.ToUpper(uf.Get("type").Str())
	multi := uf.Get("is_multiselect").True()
	switch uiType {
	case "TEXTAREA":
		if f.Type == "string" || f.Type == "" {
			f.Kind = KindTextarea
		} // other types keep their schema widget: an array stays a list
	case "TEXTFIELD":
		// the schema's widget (a number stays a number)
	case "STATIC_DROPDOWN", "CHECKBOX":
		f.Kind = KindSelect
		if multi || f.Type == "array" {
			f.Kind = KindMultiSelect
		}
	case "DYNAMIC_DROPDOWN":
		f.Dynamic = parseSource(uf, ui)
		f.Kind = KindSelect
		if multi || f.Type == "array" {
			f.Kind = KindMultiSelect
		}
		if f.Dynamic == nil && len(f.Options) == 0 && f.Kind == KindSelect {
			f.Kind = KindText // nothing to choose from: let the person type the value
		}
	case "STANDARD_FIELDS":
		f.Kind = KindGroup
	case "CUSTOM_FIELDS":
		// A sub-form whose fields come from the data source; an array of
		// them, or one without a source, falls back to the schema.
		if ds := parseSource(uf, ui); ds != nil && (f.Type == "object" || f.Type == "") {
			f.Dynamic, f.Kind = ds, KindCustom
		}
	case "":
		// from the schema below
	default:
		// An unknown widget type falls back to the schema
		// (docs/protocol.md#differs-schema-fallback).
	}
	noOptions := len(f.Options) == 0 && f.Dynamic == nil
	if f.Kind == "" || (f.Kind == KindGroup && p.Get("properties") == nil) || (f.Kind == KindSelect && noOptions) || (f.Kind == KindMultiSelect && noOptions) {
		f.Dynamic = nil
		f.Kind = kindFromSchema(f, p)
	}
	if f.Kind == KindGroup {
		f.Children = parseProperties(p, f.Path)
	}

	def := ui.Get("default_value")
	if def == nil || def.Kind == jsonx.Null || (def.Kind == jsonx.String && def.Text == "") {
		def = p.Get("default")
	}
	if def != nil && def.Kind != jsonx.Null {
		f.fill(def)
	}
	return f
}

func kindFromSchema(f *Field, p *jsonx.Value) Kind {
	switch f.Type {
	case "number", "integer":
		if len(f.Options) > 0 {
			return KindSelect
		}
		return KindNumber
	case "boolean":
		return KindBoolean
	case "array":
		if len(f.Options) > 0 {
			return KindMultiSelect
		}
		switch f.ItemType {
		case "string", "number", "integer", "":
			if p.Path("items", "type") != nil || f.ItemType == "" && p.Get("items") == nil {
				return KindList
			}
		}
		return KindJSON
	case "object":
		if props := p.Get("properties"); props != nil && props.Kind == jsonx.Object && len(props.Fields) > 0 {
			return KindGroup
		}
		return KindJSON
	}
	if len(f.Options) > 0 {
		return KindSelect
	}
	return KindText
}

// readable turns a key such as "thread_ts" or "iconUrl" into "Thread ts" /
// "Icon url" for fields without a title.
func readable(key string) string {
	var b strings.Builder
	prevLower := false
	for _, r := range key {
		switch {
		case r == '_' || r == '-' || r == '.':
			b.WriteByte(' ')
			prevLower = false
			continue
		case r >= 'A' && r <= 'Z' && prevLower:
			b.WriteByte(' ')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
		prevLower = r >= 'a' && r <= 'z'
	}
	r := []rune(strings.TrimSpace(b.String()))
	if len(r) == 0 {
		return key
	}
	return strings.ToUpper(string(r[:1])) + string(r[1:])
}
