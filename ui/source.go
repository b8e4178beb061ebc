package ui

import (
	"cmp"
	"strings"

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
func parseSource(uf, ui *value) *DataSource {
	src := uf.get("data_source")
	if src == nil {
		src = uf.get("data_sources") // an older spelling the official SDK also reads
	}
	u := strings.TrimSpace(src.get("url").text())
	if u == "" {
		return nil
	}
	ds := &DataSource{
		URL:               u,
		OptionKeyPath:     uf.get("option_key_path").text(),
		ValueKeyPath:      uf.get("value_key_path").text(),
		IDKeyPath:         uf.get("id_key_path").text(),
		TitleKeyPath:      uf.get("title_key_path").text(),
		RequiredKeyPath:   uf.get("is_required_key_path").text(),
		BuiltInFunctionID: cmp.Or(src.get("built_in_function_id").display(), uf.get("built_in_function_id").display()),
		body:              src.get("body"),
		query:             src.get("query_params"),
	}
	if ds.body != nil && ds.body.kind != kindObject {
		ds.body = nil
	}
	if ds.query != nil && ds.query.kind != kindObject {
		ds.query = nil
	}
	if deps := ui.get("depends_on"); deps != nil && deps.kind == kindArray {
		for _, d := range deps.items {
			if k := d.text(); k != "" {
				ds.DependsOn = append(ds.DependsOn, k)
			}
		}
	}
	return ds
}

// References returns the keys of the fields whose values the source needs,
// in the order they appear: {key} (or {parameters.key}) in the body and the
// query parameters, then depends_on.
func (ds *DataSource) References() []string {
	var out []string
	add := func(k string) {
		k = strings.TrimPrefix(k, "parameters.")
		for _, x := range out {
			if x == k {
				return
			}
		}
		out = append(out, k)
	}
	var walk func(v *value)
	walk = func(v *value) {
		if v == nil {
			return
		}
		switch v.kind {
		case kindString:
			for _, ref := range placeholders(v.str) {
				add(ref)
			}
		case kindArray:
			for _, it := range v.items {
				walk(it)
			}
		case kindObject:
			for _, m := range v.members {
				walk(m.val)
			}
		}
	}
	walk(ds.body)
	walk(ds.query)
	for _, d := range ds.DependsOn {
		add(d)
	}
	return out
}

// placeholders returns the names inside {…} in s, in order.
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

// refField finds the field a reference names: a key path ("address.city"),
// else a machine name anywhere in the form.
func (f *Form) refField(ref string) *Field {
	ref = strings.TrimPrefix(ref, "parameters.")
	if fl := f.Lookup(strings.Split(ref, ".")...); fl != nil {
		return fl
	}
	for _, fl := range f.All() {
		if fl.MachineName == ref {
			return fl
		}
	}
	return nil
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
	AccountID      string // connected_account_id, when the account is known
	AllowWorkspace bool   // allow_workspace_connected_accounts
}

// SourceRequest builds the request for one page of fl's data source from
// the form's current values: every {reference} of the body and the query
// parameters is filled in (a whole-string reference keeps the value's
// type), depends_on values join the query, and cursor, when not "", is
// sent as the body's _cursor. waiting lists the labels of the fields that
// must have a value first; the request is not to be sent while it is not
// empty.
func (f *Form) SourceRequest(fl *Field, cursor string, p SourceParams) (req sdk.DataSourceRequest, waiting []string) {
	ds := fl.Dynamic
	values := map[string]*value{}
	for _, ref := range ds.References() {
		dep := f.refField(ref)
		var v *value
		if dep != nil {
			v, _ = dep.typed()
		}
		if v == nil || v.kind == kindNull {
			label := ref
			if dep != nil {
				label = dep.Label
			}
			waiting = append(waiting, label)
			continue
		}
		values[ref] = v
	}
	if len(waiting) > 0 {
		return req, waiting
	}
	lookup := func(name string) *value { return values[strings.TrimPrefix(name, "parameters.")] }
	body := &value{kind: kindObject}
	if ds.body != nil {
		body = fillRefs(ds.body, lookup)
	}
	if cursor != "" {
		body = withMember(body, "_cursor", &value{kind: kindString, str: cursor})
	}
	var b strings.Builder
	body.encode(&b, "")
	req = sdk.DataSourceRequest{
		URL: ds.URL, Body: []byte(b.String()), Lang: fl.Kind != KindCustom,
		ConnectedAccountID: p.AccountID, AllowWorkspace: p.AllowWorkspace, BuiltInFunctionID: ds.BuiltInFunctionID,
	}
	for _, d := range ds.DependsOn {
		req.Query = append(req.Query, [2]string{d, lookup(d).display()})
	}
	if ds.query != nil {
		for _, m := range fillRefs(ds.query, lookup).members {
			if m.val.kind != kindNull {
				req.Query = append(req.Query, [2]string{m.key, m.val.display()})
			}
		}
	}
	return req, nil
}

// fillRefs copies v with the {references} of its strings filled in. A
// string that is exactly one reference takes the value itself (a number
// stays a number); references inside text are replaced by the value's text.
func fillRefs(v *value, lookup func(string) *value) *value {
	switch v.kind {
	case kindString:
		refs := placeholders(v.str)
		if len(refs) == 0 {
			return v
		}
		if len(refs) == 1 && strings.TrimSpace(v.str) == "{"+refs[0]+"}" {
			if r := lookup(refs[0]); r != nil {
				return r
			}
			return v
		}
		s := v.str
		for _, ref := range refs {
			if r := lookup(ref); r != nil {
				s = strings.Replace(s, "{"+ref+"}", r.display(), 1)
			}
		}
		return &value{kind: kindString, str: s}
	case kindArray:
		out := &value{kind: kindArray}
		for _, it := range v.items {
			out.items = append(out.items, fillRefs(it, lookup))
		}
		return out
	case kindObject:
		out := &value{kind: kindObject}
		for _, m := range v.members {
			out.members = append(out.members, member{m.key, fillRefs(m.val, lookup)})
		}
		return out
	}
	return v
}

// withMember returns a copy of the object obj with key set to v (replacing
// an earlier one in place).
func withMember(obj *value, key string, v *value) *value {
	out := &value{kind: kindObject}
	found := false
	for _, m := range obj.members {
		if m.key == key {
			m.val, found = v, true
		}
		out.members = append(out.members, m)
	}
	if !found {
		out.members = append(out.members, member{key, v})
	}
	return out
}

// keyPath reads path from item: a dotted path ("profile.name"), or a
// template whose {paths} are filled in ("{first} {last}"). "" reads nothing.
func keyPath(item *value, path string) *value {
	if path == "" {
		return nil
	}
	if refs := placeholders(path); len(refs) > 0 {
		s := path
		for _, ref := range refs {
			s = strings.Replace(s, "{"+ref+"}", keyPath(item, ref).display(), 1)
		}
		return &value{kind: kindString, str: s}
	}
	return item.path(strings.Split(path, ".")...)
}

// sourceItems finds the list in a data source's answer: the output of a
// function call, the functions of functions/list, or a bare array; and the
// _cursor of the next page, "" when there is none.
func sourceItems(root *value) (items []*value, cursor string, err error) {
	if root == nil {
		return nil, "", sdk.NewError(sdk.CodeServerError, "the data source's answer is not JSON")
	}
	list := root
	if o := root.get("output"); o != nil {
		list = o
	} else if fs := root.get("functions"); fs != nil {
		list = fs
	}
	if list.kind != kindArray {
		return nil, "", sdk.NewError(sdk.CodeServerError, "the data source's answer has no list")
	}
	return list.items, root.get("_cursor").text(), nil
}

// ParseOptions reads one page of a dropdown's data source: each item's ID
// through option_key_path (default "id") and its label through
// value_key_path (default "value"; the ID when empty). Items without an ID
// are skipped. cursor is the next page's, "" when there is none.
func ParseOptions(body sdk.Doc, ds *DataSource) (opts []Option, cursor string, err error) {
	items, cursor, err := sourceItems(docValue(body))
	if err != nil {
		return nil, "", err
	}
	idPath, labelPath := cmp.Or(ds.OptionKeyPath, "id"), cmp.Or(ds.ValueKeyPath, "value")
	for _, it := range items {
		id := keyPath(it, idPath)
		if id == nil || id.kind == kindNull || id.kind == kindArray || id.kind == kindObject || id.display() == "" {
			continue
		}
		opts = append(opts, Option{Value: id.display(), Label: cmp.Or(keyPath(it, labelPath).display(), id.display()), id: id})
	}
	return opts, cursor, nil
}

// ParseCustomFields reads the fields of a CUSTOM_FIELDS sub-form: either a
// bare array of {id, title, type, is_required}, or a function's output
// read through id_key_path, title_key_path and is_required_key_path. The
// fields are text inputs (TEXTAREA when an item says so) under parent.
func ParseCustomFields(body sdk.Doc, ds *DataSource, parent *Field) ([]*Field, error) {
	root := docValue(body)
	if root == nil {
		return nil, sdk.NewError(sdk.CodeServerError, "the data source's answer is not JSON")
	}
	idPath, titlePath, reqPath := "id", "title", "is_required"
	items := root.items
	if root.kind != kindArray {
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
		key := keyPath(it, idPath).display()
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		req := keyPath(it, reqPath)
		fl := &Field{
			Key: key, Path: append(append([]string(nil), parent.Path...), key), MachineName: key,
			Label: cmp.Or(keyPath(it, titlePath).display(), readable(key)), Type: "string", Kind: KindText,
			Required: req.isTrue() || req.display() == "true",
		}
		if strings.EqualFold(it.get("type").text(), "TEXTAREA") {
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
			if v := fl.prefill.get(c.Key); v != nil && v.kind != kindNull {
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
