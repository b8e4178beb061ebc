package ui

import (
	"cmp"
	"math"
	"strconv"
	"strings"

	"github.com/integry-go/integry/internal/jsonx"
	"github.com/integry-go/integry/sdk"
)

// Kind is the widget a [Field] renders as.
type Kind string

// The widgets of the form. The schema type picks one (a property without
// meta.ui still renders: docs/protocol.md#differs-schema-fallback), and
// meta.ui.ui_field.type overrides it.
const (
	KindText        Kind = "text"        // a one-line input
	KindTextarea    Kind = "textarea"    // a multi-line input
	KindNumber      Kind = "number"      // a numeric input; Field.Type says number or integer
	KindBoolean     Kind = "boolean"     // a select of (none), true, false
	KindSelect      Kind = "select"      // one of Field.Options
	KindMultiSelect Kind = "multiselect" // any of Field.Options
	KindList        Kind = "list"        // an array of scalars, one per line
	KindJSON        Kind = "json"        // an array or object typed as JSON text
	KindGroup       Kind = "group"       // a nested object: Field.Children
	KindCustom      Kind = "custom"      // CUSTOM_FIELDS: a nested object whose Children come from Field.Dynamic
)

// Option is one choice of a select. Value is what the DOM's <option> carries;
// Label is what a person reads (server text, always inserted as text).
type Option struct {
	Value string
	Label string
	id    *jsonx.Value // the typed value the option stands for
}

// DataSource is where a DYNAMIC_DROPDOWN's options or a CUSTOM_FIELDS
// sub-form's fields come from (meta.ui.ui_field.data_source and its key
// paths); see source.go and docs/protocol-additions.md.
type DataSource struct {
	URL               string   // data_source.url
	OptionKeyPath     string   // option_key_path: an option's label (default "value")
	ValueKeyPath      string   // value_key_path: an option's ID, the value submitted (default "id")
	IDKeyPath         string   // id_key_path: a custom field's key
	TitleKeyPath      string   // title_key_path: a custom field's label
	RequiredKeyPath   string   // is_required_key_path: whether a custom field is required
	DependsOn         []string // meta.ui.depends_on: fields whose values join the query
	BuiltInFunctionID string   // sent as the built-in-function-id header

	body  *jsonx.Value // data_source.body, an object of strings with {parameters.key} templates
	query *jsonx.Value // data_source.query_params, an object of strings with templates
}

// Problem is why a field's value is invalid. Key names a message of the
// string table ("required", "number", "integer", "boolean", "json",
// "json_depth", "array", "object", "pattern"); Custom is the server's regex_error_message, shown
// instead of the "pattern" message when there is one.
type Problem struct {
	Key    string
	Custom string
}

// Field is one property of a function's parameters, ready to render. The
// exported fields describe it; the form's state (its text, selection and
// problem) is read and changed through [Form] methods.
type Field struct {
	Key         string   // the property key, as the output object uses it
	Path        []string // keys from the root, for nested objects
	MachineName string   // meta.machine_name, else Key
	Label       string   // meta.title, else title, else the key made readable
	Help        string   // meta.description_for_users, else description
	Placeholder string
	Type        string // the JSON schema type: string, number, integer, boolean, array, object, null
	ItemType    string // for arrays: the type of the items
	Kind        Kind
	Required    bool // in the parent's required list or meta.is_required (docs/protocol.md#differs-enum-required)
	Hidden      bool // meta.ui.is_visible: false, or hiddenFields
	Options     []Option
	Dynamic     *DataSource // the data source of a dynamic dropdown or a KindCustom field
	Children    []*Field    // KindGroup; KindCustom once its data source answered

	pattern        string // meta.ui.regex or the schema's pattern; see matchPattern
	patternMessage string

	text     string   // what the widget shows
	selected []string // KindMultiSelect
	touched  bool     // the person changed it
	problem  *Problem
	prefill  *jsonx.Value // KindCustom: the prefilled object, for sub-fields that arrive later
}

// Text returns what the field's widget shows.
func (f *Field) Text() string { return f.text }

// Selected returns the chosen option values of a KindMultiSelect field.
func (f *Field) Selected() []string { return append([]string(nil), f.selected...) }

// Problem returns the field's validation problem from the last [Form.Validate]
// or [Form.SetText], or nil.
func (f *Field) Problem() *Problem { return f.problem }

// ID returns a DOM-safe identifier for the field, unique within its form:
// the path with every character outside [A-Za-z0-9_-] replaced.
func (f *Field) ID() string {
	var b strings.Builder
	for i, k := range f.Path {
		if i > 0 {
			b.WriteString("--")
		}
		for _, r := range k {
			if r < 128 && (r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				b.WriteRune(r)
			} else {
				b.WriteString("_" + strconv.FormatInt(int64(r), 16) + "_")
			}
		}
	}
	return b.String()
}

// Form is a function's parameters as fields, with their current values. It
// is plain data without any DOM; the form view renders it and writes the
// person's input back through [Form.SetText] and [Form.SetSelected]. A Form is
// not safe for concurrent use: the view's lock guards it.
type Form struct {
	Name        string   // the function name
	Title       string   // meta.ui.title, else the function name
	Description string   // the function description
	App         *sdk.App // meta.app, when the server sent it
	Fields      []*Field

	extra []jsonx.Field // prefilled keys the schema does not know, passed through
}

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

func (f *Form) field(key string) *Field {
	for _, fl := range f.Fields {
		if fl.Key == key {
			return fl
		}
	}
	return nil
}

// Lookup finds a field by its path, as [Field.Path] gives it.
func (f *Form) Lookup(path ...string) *Field {
	fields := f.Fields
	var found *Field
	for _, k := range path {
		found = nil
		for _, fl := range fields {
			if fl.Key == k {
				found = fl
				break
			}
		}
		if found == nil {
			return nil
		}
		fields = found.Children
	}
	return found
}

// All returns every field depth first, groups before their children.
func (f *Form) All() []*Field {
	var out []*Field
	var walk func([]*Field)
	walk = func(fs []*Field) {
		for _, fl := range fs {
			out = append(out, fl)
			walk(fl.Children)
		}
	}
	walk(f.Fields)
	return out
}

// SetText records what the person typed or chose in a field. A field with
// a problem is checked again at once, so its message goes away as soon as it
// is fixed.
func (f *Form) SetText(fl *Field, text string) {
	fl.text = text
	fl.touched = true
	if fl.problem != nil {
		_, fl.problem = fl.typed()
	}
}

// SetSelected records the chosen option values of a KindMultiSelect field.
func (f *Form) SetSelected(fl *Field, values []string) {
	fl.selected = append([]string(nil), values...)
	fl.touched = true
	if fl.problem != nil {
		_, fl.problem = fl.typed()
	}
}

// Hide hides fields whose key or machine name is in hidden, and shows those
// in visible (showFunction's hiddenFields and visibleFields). visible wins.
func (f *Form) Hide(hidden, visible []string) {
	in := func(list []string, fl *Field) bool {
		for _, s := range list {
			if s == fl.Key || s == fl.MachineName {
				return true
			}
		}
		return false
	}
	for _, fl := range f.All() {
		if in(hidden, fl) {
			fl.Hidden = true
		}
		if in(visible, fl) {
			fl.Hidden = false
		}
	}
}

// Validate checks every visible field, records each field's problem and
// returns the fields that have one, in form order. Hidden fields are not
// checked (the person could not fix them) but their values are still sent.
func (f *Form) Validate() []*Field {
	var bad []*Field
	var walk func([]*Field, bool)
	walk = func(fs []*Field, hidden bool) {
		for _, fl := range fs {
			h := hidden || fl.Hidden
			if fl.Kind == KindGroup || fl.Kind == KindCustom {
				fl.problem = nil
				walk(fl.Children, h)
				continue
			}
			if h {
				fl.problem = nil
				continue
			}
			if _, fl.problem = fl.typed(); fl.problem != nil {
				bad = append(bad, fl)
			}
		}
	}
	walk(f.Fields, false)
	return bad
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

// patternMatches reports whether s matches a pattern that compiled.
func patternMatches(pattern, s string) bool {
	m, _ := matchPattern(pattern, s)
	return m
}
