package sandbox

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/integry-go/integry/internal/jsonx"
)

//go:embed catalog/*.json catalog/icons/*.svg
var embeddedCatalog embed.FS

// AuthType says how a user connects an app.
type AuthType string

// The auth types of a catalog app.
const (
	AuthOAuth  AuthType = "oauth"  // consent page with Allow/Deny, tokens that expire
	AuthAPIKey AuthType = "apikey" // a form that asks for the provider's API key
	AuthNone   AuthType = "none"   // no login; login_url is ""
)

// CatalogApp is one app of the catalog, one JSON file per app
// (catalog/<name>.json). Icon names a file in catalog/icons/, served at
// /icons/<file>.
type CatalogApp struct {
	ID                             int64              `json:"id"`
	Name                           string             `json:"name"`
	Title                          string             `json:"title"`
	Icon                           string             `json:"icon"`
	DocsURL                        string             `json:"docs_url"`
	Auth                           AuthType           `json:"auth"`
	AllowMultipleConnectedAccounts bool               `json:"allow_multiple_connected_accounts"`
	Functions                      []*CatalogFunction `json:"functions"`
}

// CatalogFunction is a function signature plus how the sandbox runs it
// against the app's fake provider.
type CatalogFunction struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Type        string          `json:"type"`  // QUERY, ACTION or PASSTHROUGH
	Title       string          `json:"title"` // meta.ui.title
	Parameters  json.RawMessage `json:"parameters"`
	Call        CallSpec        `json:"call"`

	app    *CatalogApp
	schema *Schema
	withUI *jsonx.Value // parameters with every property's meta filled in
	bare   *jsonx.Value // parameters without meta, as getFunction returns them
}

// CallSpec maps a function onto its provider's HTTP API.
type CallSpec struct {
	Method string `json:"method"` // GET sends the arguments as a query, anything else as a JSON body
	Path   string `json:"path"`   // under /providers/{app}; {param} is replaced by that argument
	// Output names the field of the provider's JSON body that becomes the
	// call's output ("" means the whole body).
	Output string `json:"output,omitempty"`
	// Paginate makes the function page with next_page: the sandbox sends
	// start and limit to the provider and returns a cursor when a page is full.
	Paginate     bool `json:"paginate,omitempty"`
	DefaultLimit int  `json:"default_limit,omitempty"` // default 100
}

// catalog is the loaded catalog: apps by name in file order, functions by name.
type catalog struct {
	apps  []*CatalogApp
	byApp map[string]*CatalogApp
	fns   []*CatalogFunction
	byFn  map[string]*CatalogFunction
	icons fs.FS
}

// loadCatalog reads every *.json of dir (the embedded catalog when dir is
// "") and checks it: unique names, valid schemas, an auth type, and
// providers for every app.
func loadCatalog(dir string) (*catalog, error) {
	var fsys fs.FS
	if dir == "" {
		sub, err := fs.Sub(embeddedCatalog, "catalog")
		if err != nil {
			return nil, err
		}
		fsys = sub
	} else {
		fsys = os.DirFS(dir)
	}
	files, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("catalog %q: no *.json files", dir)
	}
	slices.Sort(files)
	c := &catalog{byApp: map[string]*CatalogApp{}, byFn: map[string]*CatalogFunction{}}
	c.icons, _ = fs.Sub(fsys, "icons")
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		var a CatalogApp
		if err := json.Unmarshal(b, &a); err != nil {
			return nil, fmt.Errorf("catalog %s: %w", f, err)
		}
		if err := c.add(&a); err != nil {
			return nil, fmt.Errorf("catalog %s: %w", f, err)
		}
	}
	slices.SortStableFunc(c.apps, func(a, b *CatalogApp) int { return strings.Compare(a.Name, b.Name) })
	// A data source the sandbox serves itself must name one of its functions.
	for _, f := range c.fns {
		for _, m := range ownSourceRE.FindAllSubmatch(f.Parameters, -1) {
			if c.byFn[string(m[1])] == nil {
				return nil, fmt.Errorf("catalog: %s: data_source calls %s, which is not in the catalog", f.Name, m[1])
			}
		}
	}
	return c, nil
}

// ownSourceRE finds the functions that data_source URLs of the form
// "{base}/functions/<name>/call/" call.
var ownSourceRE = regexp.MustCompile(`"url"\s*:\s*"\{base\}/functions/([^/"]+)/call/?"`)

func (c *catalog) add(a *CatalogApp) error {
	if a.Name == "" || strings.ContainsAny(a.Name, "/ ") {
		return fmt.Errorf("app name %q is empty or has a slash or space", a.Name)
	}
	if c.byApp[a.Name] != nil {
		return fmt.Errorf("app %q defined twice", a.Name)
	}
	switch a.Auth {
	case AuthOAuth, AuthAPIKey, AuthNone:
	default:
		return fmt.Errorf("app %q: auth must be oauth, apikey or none, not %q", a.Name, a.Auth)
	}
	if providers[a.Name] == nil {
		return fmt.Errorf("app %q has no fake provider in the sandbox", a.Name)
	}
	c.apps = append(c.apps, a)
	c.byApp[a.Name] = a
	for _, f := range a.Functions {
		if f.Name == "" || c.byFn[f.Name] != nil {
			return fmt.Errorf("function name %q empty or defined twice", f.Name)
		}
		f.app = a
		params, err := jsonx.Parse(f.Parameters)
		if err == nil && params.Kind != jsonx.Object {
			err = jsonx.ErrNotObject
		}
		if err != nil {
			return fmt.Errorf("function %s: parameters: %w", f.Name, err)
		}
		if f.schema, err = schemaOf(params); err != nil {
			return fmt.Errorf("function %s: %w", f.Name, err)
		}
		if f.withUI, err = propertiesMeta(params, true); err != nil {
			return fmt.Errorf("function %s: %w", f.Name, err)
		}
		if f.bare, err = propertiesMeta(params, false); err != nil {
			return fmt.Errorf("function %s: %w", f.Name, err)
		}
		if f.Call.Method == "" {
			f.Call.Method = "GET"
		}
		if f.Call.DefaultLimit <= 0 {
			f.Call.DefaultLimit = 100
		}
		c.fns = append(c.fns, f)
		c.byFn[f.Name] = f
	}
	return nil
}

// propertiesMeta walks a schema object and returns a copy in which each
// property either has its meta hints filled in (withMeta) or has none. Key
// order is kept.
func propertiesMeta(schema *jsonx.Value, withMeta bool) (*jsonx.Value, error) {
	props := schema.Get("properties")
	if props == nil {
		return schema, nil
	}
	if props.Kind != jsonx.Object {
		return nil, fmt.Errorf("properties: %w", jsonx.ErrNotObject)
	}
	var required []string
	if r := schema.Get("required"); r != nil {
		json.Unmarshal(r.JSON(), &required)
	}
	out := &jsonx.Value{Kind: jsonx.Object}
	for _, p := range props.Fields {
		if p.Value.Kind != jsonx.Object {
			return nil, fmt.Errorf("property %s: %w", p.Key, jsonx.ErrNotObject)
		}
		prop, err := propertiesMeta(p.Value, withMeta)
		if err != nil {
			return nil, fmt.Errorf("property %s: %w", p.Key, err)
		}
		prop = &jsonx.Value{Kind: jsonx.Object, Fields: append([]jsonx.Field(nil), prop.Fields...)}
		if withMeta {
			prop.Set("meta", fillMeta(p.Key, prop, slices.Contains(required, p.Key)))
		} else {
			prop.Delete("meta")
		}
		out.Set(p.Key, prop)
	}
	res := &jsonx.Value{Kind: jsonx.Object, Fields: append([]jsonx.Field(nil), schema.Fields...)}
	res.Set("properties", out)
	return res, nil
}

// fillMeta completes a property's meta with the hints the official form
// reads (docs/protocol.md#meta-hints): title, is_required, description_for_users,
// machine_name and ui {placeholder, default_value, is_visible, regex,
// ui_field}. Values in the catalog win.
func fillMeta(key string, prop *jsonx.Value, required bool) *jsonx.Value {
	meta := map[string]any{}
	if m := prop.Get("meta"); m != nil {
		json.Unmarshal(m.JSON(), &meta)
	}
	desc, typ := prop.Get("description").Str(), prop.Get("type").Str()
	setDefault(meta, "title", titleCase(key))
	setDefault(meta, "is_required", required)
	setDefault(meta, "description_for_users", desc)
	setDefault(meta, "machine_name", key)
	ui, _ := meta["ui"].(map[string]any)
	if ui == nil {
		ui = map[string]any{}
	}
	setDefault(ui, "placeholder", "")
	setDefault(ui, "default_value", "")
	setDefault(ui, "is_visible", true)
	setDefault(ui, "regex", "")
	setDefault(ui, "regex_error_message", "")
	field, _ := ui["ui_field"].(map[string]any)
	if field == nil {
		field = map[string]any{}
	}
	if _, ok := field["type"]; !ok {
		field["type"] = uiFieldType(typ, prop.Get("enum") != nil)
	}
	if _, ok := field["options"]; !ok {
		field["options"] = enumOptions(prop.Get("enum"), typ)
	}
	ui["ui_field"] = field
	meta["ui"] = ui
	return treeOf(meta)
}

func setDefault(m map[string]any, k string, v any) {
	if _, ok := m[k]; !ok {
		m[k] = v
	}
}

func uiFieldType(typ string, enum bool) string {
	switch {
	case enum:
		return "STATIC_DROPDOWN"
	case typ == "boolean":
		return "CHECKBOX"
	case typ == "object":
		return "STANDARD_FIELDS"
	case typ == "array":
		return "TEXTAREA"
	}
	return "TEXTFIELD"
}

func enumOptions(enum *jsonx.Value, typ string) []map[string]any {
	out := []map[string]any{}
	var vals []any
	if enum != nil {
		json.Unmarshal(enum.JSON(), &vals)
	} else if typ == "boolean" {
		vals = []any{true, false}
	}
	for _, v := range vals {
		out = append(out, map[string]any{"id": v, "value": fmt.Sprint(v)})
	}
	return out
}

func titleCase(key string) string {
	words := strings.FieldsFunc(key, func(r rune) bool { return r == '_' || r == '-' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// baseTag starts a data_source URL that the sandbox serves itself
// ("{base}/functions/slack-list-conversations/call/"): it becomes the
// server's public base URL when a signature is rendered, because a browser
// SDK needs an absolute URL there (docs/protocol-additions.md).
const baseTag = "{base}"

// signature renders a function as functions/get returns it: name,
// description and parameters, plus meta with include=meta (the app is then
// the user's app object, connected accounts included). base replaces the
// {base} of data_source URLs.
func (f *CatalogFunction) signature(base string, withMeta bool, app any, arguments *jsonx.Value) *jsonx.Value {
	o := ordered("name", f.Name, "description", f.Description)
	if withMeta {
		params := f.withUI.JSON()
		b, _ := json.Marshal(base) // the URL as a JSON string, quotes trimmed below
		params = bytes.ReplaceAll(params, []byte(`"url":"`+baseTag), append([]byte(`"url":"`), b[1:len(b)-1]...))
		o.Set("parameters", tree(params))
	} else {
		o.Set("parameters", f.bare)
	}
	if arguments != nil {
		o.Set("arguments", arguments)
	}
	if withMeta {
		o.Set("meta", treeOf(map[string]any{
			"ui":   map[string]any{"title": f.Title},
			"app":  app,
			"type": f.Type,
		}))
	}
	return o
}

// iconPath is where an app's icon is served.
func (a *CatalogApp) iconPath() string { return "/icons/" + path.Base(a.Icon) }
