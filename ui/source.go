package ui

import (
	"cmp"
	"slices"
	"strings"

	"github.com/integry-go/integry/internal/jsonx"
	"github.com/integry-go/integry/sdk"
)

// Data sources: where a DYNAMIC_DROPDOWN's options and a CUSTOM_FIELDS
// sub-form's fields come from (meta.ui.ui_field.data_source). This file is
// the pure part: reading the hints, building the request from the form's
// current values, and reading the answer. The widgets that fetch and show
// them are in dropdown.go and customfields.go; the wire is in
// docs/protocol-additions.md.

// parseSource reads a data source from a ui_field and the field's ui
// hints (depends_on). It returns nil when there is no data_source.url.
func parseSource(uf, ui *jsonx.Value) *DataSource {
	src := uf.Get("data_source")
	if src == nil {
		src = uf.Get("data_sources") // an older spelling the official SDK also reads
	}
	u := strings.TrimSpace(src.Get("url").Str())
	if u == "" {
		return nil
	}
	ds := &DataSource{
		URL:               u,
		OptionKeyPath:     uf.Get("option_key_path").Str(),
		ValueKeyPath:      uf.Get("value_key_path").Str(),
		IDKeyPath:         uf.Get("id_key_path").Str(),
		TitleKeyPath:      uf.Get("title_key_path").Str(),
		RequiredKeyPath:   uf.Get("is_required_key_path").Str(),
		BuiltInFunctionID: cmp.Or(display(src.Get("built_in_function_id")), display(uf.Get("built_in_function_id"))),
		body:              src.Get("body"),
		query:             src.Get("query_params"),
	}
	if ds.body != nil && ds.body.Kind != jsonx.Object {
		ds.body = nil
	}
	if ds.query != nil && ds.query.Kind != jsonx.Object {
		ds.query = nil
	}
	if deps := ui.Get("depends_on"); deps != nil && deps.Kind == jsonx.Array {
		for _, d := range deps.Items {
			if k := d.Str(); k != "" {
				ds.DependsOn = append(ds.DependsOn, k)
			}
		}
	}
	return ds
}

// References returns the names of the fields the source reads, in the
// order they appear: the first {name} of each string value of the body and
// the query parameters (the only one the official form resolves:
// docs/protocol.md#official-form-templates), then depends_on. A name may
// be written {parameters.key}, {key} or {any.dotted.key}; see refField.
func (ds *DataSource) References() []string {
	var out []string
	add := func(k string) {
		if k != "" && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	for _, obj := range []*jsonx.Value{ds.body, ds.query} {
		if obj == nil {
			continue
		}
		for _, m := range obj.Fields {
			if m.Value.Kind == jsonx.String {
				if name, ok := firstTemplate(m.Value.Text); ok {
					add(name)
				}
			}
		}
	}
	for _, d := range ds.DependsOn {
		add(d)
	}
	return out
}

// firstTemplate returns the name inside the first {…} of s: what follows
// the first "{" up to the next "}". ok is false without a "{", and without
// a "}" after it; name may then be "".
func firstTemplate(s string) (name string, ok bool) {
	i := strings.IndexByte(s, '{')
	if i < 0 {
		return "", false
	}
	j := strings.IndexByte(s[i+1:], '}')
	if j < 0 {
		return "", false
	}
	return s[i+1 : i+1+j], true
}

// placeholders returns the names inside {…} in s, in order (key paths'
// templates, which name parts of an answer's item).
func placeholders(s string) []string {
	var out []string
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(s[i+1:], '}')
		if j < 0 {
			return out
		}
		if name := strings.TrimSpace(s[i+1 : i+1+j]); name != "" {
			out = append(out, name)
		}
		s = s[i+1+j+1:]
	}
}

// refField finds the field a template's name refers to, in the official
// form's order (docs/protocol.md#official-form-templates): the name itself,
// then the name without "parameters.", then its last dotted segment; so
// {parameters.channel}, {channel} and {steps.x.channel} all find channel.
// Each is looked up as a key path ("address.city"), then as a machine name.
// nil when no field has that name ({authorization.token.access_token}).
func (f *Form) refField(ref string) *Field {
	names := []string{ref}
	if rest, ok := strings.CutPrefix(ref, "parameters."); ok {
		names = append(names, rest)
	}
	if i := strings.LastIndexByte(ref, '.'); i >= 0 {
		names = append(names, ref[i+1:])
	}
	for _, n := range names {
		if n == "" {
			continue
		}
		if fl := f.Lookup(strings.Split(n, ".")...); fl != nil {
			return fl
		}
		for _, fl := range f.All() {
			if fl.MachineName == n {
				return fl
			}
		}
	}
	return nil
}

// templateText is a field's value as a template puts it in a string: its
// text, a multiselect's values joined by ",".
func templateText(fl *Field) string {
	if fl.Kind == KindMultiSelect {
		return strings.Join(fl.selected, ",")
	}
	return fl.text
}

// Dependents returns the fields with a data source that refers to changed.
func (f *Form) Dependents(changed *Field) []*Field {
	var out []*Field
	for _, fl := range f.All() {
		if fl.Dynamic == nil || fl == changed {
			continue
		}
		for _, ref := range fl.Dynamic.References() {
			if f.refField(ref) == changed {
				out = append(out, fl)
				break
			}
		}
	}
	return out
}

// SourceParams are the parts of a data-source request that come from the
// SDK call rather than from the form.
type SourceParams struct {
	AccountID      string // connected_account_id and authorization_id, when the account is known
	AllowWorkspace bool   // allow_workspace_connected_accounts
}

// SourceRequest builds the request for one page of fl's data source from
// the form's current values, as the official form does
// (docs/protocol.md#official-form-templates and #official-form-requests):
// each string value of the body and of the query parameters has its first
// {name} replaced by the named field's text; a value whose name matches no
// field is left out, and so is every value that is not a string and every
// string without a template that is empty. depends_on values join the
// query as they are. A dropdown's first page repeats the body under
// query_string_data; cursor, when not "", is sent as the body's _cursor.
//
// waiting lists the labels of the referenced fields that are still empty:
// the request is not to be sent while it is not empty (our form waits for a
// parent where the official one asks with "":
// docs/protocol.md#official-form-kept).
func (f *Form) SourceRequest(fl *Field, cursor string, p SourceParams) (req sdk.DataSourceRequest, waiting []string) {
	ds := fl.Dynamic
	var seen []*Field
	for _, ref := range ds.References() {
		if dep := f.refField(ref); dep != nil && !slices.Contains(seen, dep) {
			seen = append(seen, dep)
			if v, _ := dep.typed(); v == nil || v.Kind == jsonx.Null {
				waiting = append(waiting, dep.Label)
			}
		}
	}
	if len(waiting) > 0 {
		return req, waiting
	}
	body := f.resolveTemplates(ds.body)
	if fl.Kind != KindCustom && cursor == "" {
		body = withMember(body, "query_string_data", f.resolveTemplates(ds.body))
	}
	if cursor != "" {
		body = withMember(body, "_cursor", textValue(cursor))
	}
	req = sdk.DataSourceRequest{
		URL: ds.URL, Body: body.JSON(), Lang: fl.Kind != KindCustom,
		ConnectedAccountID: p.AccountID, AllowWorkspace: p.AllowWorkspace, BuiltInFunctionID: ds.BuiltInFunctionID,
	}
	for _, d := range ds.DependsOn {
		text := ""
		if dep := f.refField(d); dep != nil {
			text = templateText(dep)
		}
		req.Query = append(req.Query, [2]string{d, text})
	}
	for _, m := range f.resolveTemplates(ds.query).Fields {
		req.Query = append(req.Query, [2]string{m.Key, m.Value.Text})
	}
	return req, nil
}

// resolveTemplates returns the object obj (nil reads as {}) with the
// templates of its string values resolved; see SourceRequest.
func (f *Form) resolveTemplates(obj *jsonx.Value) *jsonx.Value {
	out := &jsonx.Value{Kind: jsonx.Object}
	if obj == nil {
		return out
	}
	for _, m := range obj.Fields {
		if m.Value.Kind != jsonx.String {
			continue
		}
		s := m.Value.Text
		if !strings.Contains(s, "{") {
			if s != "" {
				out.Set(m.Key, m.Value)
			}
			continue
		}
		name, ok := firstTemplate(s)
		if !ok || name == "" {
			continue
		}
		dep := f.refField(name)
		if dep == nil {
			continue
		}
		out.Set(m.Key, textValue(strings.Replace(s, "{"+name+"}", templateText(dep), 1)))
	}
	return out
}

// withMember returns a copy of the object obj with key set to v (replacing
// an earlier one in place).
func withMember(obj *jsonx.Value, key string, v *jsonx.Value) *jsonx.Value {
	out := &jsonx.Value{Kind: jsonx.Object, Fields: append([]jsonx.Field(nil), obj.Fields...)}
	out.Set(key, v)
	return out
}

// keyPath reads path from item: a dotted path ("profile.name"), or a
// template whose {paths} are filled in ("{first} {last}"). "" reads nothing.
func keyPath(item *jsonx.Value, path string) *jsonx.Value {
	if path == "" {
		return nil
	}
	if refs := placeholders(path); len(refs) > 0 {
		s := path
		for _, ref := range refs {
			s = strings.Replace(s, "{"+ref+"}", display(keyPath(item, ref)), 1)
		}
		return textValue(s)
	}
	return item.Path(strings.Split(path, ".")...)
}

// sourceItems finds the list in a data source's answer: the output of a
// function call, the functions of functions/list, or a bare array; and the
// _cursor of the next page, "" when there is none.
func sourceItems(root *jsonx.Value) (items []*jsonx.Value, cursor string, err error) {
	if root == nil {
		return nil, "", sdk.NewError(sdk.CodeServerError, "the data source's answer is not JSON")
	}
	list := root
	if o := root.Get("output"); o != nil {
		list = o
	} else if fs := root.Get("functions"); fs != nil {
		list = fs
	}
	if list.Kind != jsonx.Array {
		return nil, "", sdk.NewError(sdk.CodeServerError, "the data source's answer has no list")
	}
	return list.Items, root.Get("_cursor").Str(), nil
}

// ParseOptions reads one page of a dropdown's data source as the official
// form does (docs/protocol.md#official-form-options): each item's ID through
// value_key_path (default "id") and its label through option_key_path
// (default "value"; the ID when empty). Items without an ID are skipped.
// cursor is the next page's, "" when there is none.
func ParseOptions(body sdk.Doc, ds *DataSource) (opts []Option, cursor string, err error) {
	items, cursor, err := sourceItems(sdk.Tree(body))
	if err != nil {
		return nil, "", err
	}
	idPath, labelPath := cmp.Or(ds.ValueKeyPath, "id"), cmp.Or(ds.OptionKeyPath, "value")
	for _, it := range items {
		id := keyPath(it, idPath)
		if id == nil || id.Kind == jsonx.Null || id.Kind == jsonx.Array || id.Kind == jsonx.Object || display(id) == "" {
			continue
		}
		opts = append(opts, Option{Value: display(id), Label: cmp.Or(display(keyPath(it, labelPath)), display(id)), id: id})
	}
	return opts, cursor, nil
}

// ParseCustomFields reads the fields of a CUSTOM_FIELDS sub-form: either a
// bare array of {id, title, type, is_required}, or a function's output
// read through id_key_path, title_key_path and is_required_key_path. The
// fields are text inputs (TEXTAREA when an item says so) under parent.
func ParseCustomFields(body sdk.Doc, ds *DataSource, parent *Field) ([]*Field, error) {
	root := sdk.Tree(body)
	if root == nil {
		return nil, sdk.NewError(sdk.CodeServerError, "the data source's answer is not JSON")
	}
	idPath, titlePath, reqPath := "id", "title", "is_required"
	items := root.Items
	if root.Kind != jsonx.Array {
		if ds.IDKeyPath == "" || ds.TitleKeyPath == "" {
			return nil, sdk.NewError(sdk.CodeServerError, "the custom fields need id_key_path and title_key_path")
		}
		idPath, titlePath, reqPath = ds.IDKeyPath, ds.TitleKeyPath, ds.RequiredKeyPath
		var err error
		if items, _, err = sourceItems(root); err != nil {
			return nil, err
		}
	}
	var out []*Field
	seen := map[string]bool{}
	for _, it := range items {
		key := display(keyPath(it, idPath))
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		req := keyPath(it, reqPath)
		fl := &Field{
			Key: key, Path: append(append([]string(nil), parent.Path...), key), MachineName: key,
			Label: cmp.Or(display(keyPath(it, titlePath)), readable(key)), Type: "string", Kind: KindText,
			Required: req.True() || display(req) == "true",
		}
		if strings.EqualFold(it.Get("type").Str(), "TEXTAREA") {
			fl.Kind = KindTextarea
		}
		out = append(out, fl)
	}
	return out, nil
}

// SetCustomFields gives a CUSTOM_FIELDS field its sub-fields, as its data
// source answered, and fills them from the field's prefilled object.
func (f *Form) SetCustomFields(fl *Field, children []*Field) {
	fl.Children = children
	if fl.prefill != nil {
		for _, c := range children {
			if v := fl.prefill.Get(c.Key); v != nil && v.Kind != jsonx.Null {
				c.fill(v)
			}
		}
	}
}

// AddOptions merges a page of loaded options into a dynamic field's
// options: new ones are appended, and a prefilled value that was shown as
// its bare ID gets the loaded label.
func (fl *Field) AddOptions(opts []Option) {
	for _, o := range opts {
		found := false
		for i := range fl.Options {
			if fl.Options[i].Value == o.Value {
				fl.Options[i].Label, fl.Options[i].id = o.Label, o.id
				found = true
				break
			}
		}
		if !found {
			fl.Options = append(fl.Options, o)
		}
	}
}

// ResetOptions forgets a dynamic field's loaded options and its value, when
// a field its data source depends on has changed.
func (f *Form) ResetOptions(fl *Field) {
	fl.Options = nil
	fl.text, fl.selected, fl.problem = "", nil, nil
	fl.touched = true
}
