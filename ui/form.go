package ui

import (
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
	// PickLone sorts the options by label and chooses the only one once
	// loaded, as the official setup form's template dropdown does
	// (docs/flows.md#dynamic-fields).
	PickLone bool

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

// patternMatches reports whether s matches a pattern that compiled.
func patternMatches(pattern, s string) bool {
	m, _ := matchPattern(pattern, s)
	return m
}
