package sdk

import (
	"strconv"

	"github.com/integry-go/integry/internal/jsonx"
)

// FunctionTool turns a function signature (what GetFunction returns, with
// or without include=meta) into the official runtime's FunctionTool, the
// shape an LLM tool-calling API takes: {json_schema: {type: "function",
// function}, meta, default_arguments, parameters_visible_to_user}, as JSON
// text. It is what IntegryJS.getFunctionTools returns; with helper set it is
// what IntegryJS.Helpers.getFunctionTools returns, which also lists every
// parameter in meta.ai_assisted_fields and gives each an empty default
// argument. What the official runtime does is described, with where it was
// read, in docs/protocol.md#function-tools.
//
// sig must be a JSON object or null; nil stands for JavaScript's
// undefined, which the official runtime accepts too (its tool then has no
// json_schema.function, where null gives "function": null). Anything else
// is invalid_argument.
func FunctionTool(sig []byte, helper bool) ([]byte, error) {
	undefined := sig == nil
	if undefined {
		sig = []byte("null")
	}
	v, err := jsonx.Parse(sig)
	if err != nil {
		return nil, InvalidArgument("the function must be a JSON object: " + err.Error())
	}
	if v.Kind != jsonx.Object && v.Kind != jsonx.Null {
		return nil, InvalidArgument("the function must be an object, as getFunction resolves it")
	}
	meta := v.Get("meta")
	var fields []string
	if helper {
		fields = ownKeys(v.Get("parameters").Get("properties"))
	}

	out := &jsonx.Value{Kind: jsonx.Object}
	schema := &jsonx.Value{Kind: jsonx.Object}
	add(schema, "type", str("function"))
	if !undefined {
		add(schema, "function", withoutMeta(v))
	}
	add(out, "json_schema", schema)

	m := &jsonx.Value{Kind: jsonx.Object}
	add(m, "id", meta.Get("id"))
	add(m, "version", meta.Get("version"))
	add(m, "connected_account_id", null())
	add(m, "form_page_machine_name", null())
	add(m, "name", v.Get("name"))
	add(m, "title", meta.Get("ui").Get("title"))
	add(m, "app_name", meta.Get("app").Get("title"))
	add(m, "app_icon_url", meta.Get("app").Get("icon_url"))
	assisted := &jsonx.Value{Kind: jsonx.Array}
	for _, f := range fields {
		assisted.Items = append(assisted.Items, str(f))
	}
	add(m, "ai_assisted_fields", assisted)
	// An activity's tool carries what identifies the activity: a meta whose
	// type is truthy and either "ACTIVITY" or comes with any of the three
	// identifiers (null counts: it is not undefined).
	typ := meta.Get("type")
	if truthy(typ) && (typ.Kind == jsonx.String && typ.Text == "ACTIVITY" ||
		meta.Get("activity_type") != nil || meta.Get("endpoint_id") != nil || meta.Get("session_id") != nil) {
		for _, k := range []string{"type", "activity_type", "endpoint_id", "session_id"} {
			add(m, k, meta.Get(k))
		}
	}
	add(out, "meta", m)

	defaults := &jsonx.Value{Kind: jsonx.Object}
	for _, f := range fields {
		add(defaults, f, str(""))
	}
	add(out, "default_arguments", defaults)
	add(out, "parameters_visible_to_user", &jsonx.Value{Kind: jsonx.Object})
	return out.JSON(), nil
}

// add sets member key of obj unless value is nil: the official runtime's
// undefined, which JSON leaves out.
func add(obj *jsonx.Value, key string, value *jsonx.Value) {
	if value != nil {
		obj.Set(key, value)
	}
}

func str(s string) *jsonx.Value { return &jsonx.Value{Kind: jsonx.String, Text: s} }
func null() *jsonx.Value        { return &jsonx.Value{Kind: jsonx.Null} }

// withoutMeta copies v without any member named "meta", at any depth.
func withoutMeta(v *jsonx.Value) *jsonx.Value {
	switch v.Kind {
	case jsonx.Object:
		c := &jsonx.Value{Kind: jsonx.Object, Fields: make([]jsonx.Field, 0, len(v.Fields))}
		for _, f := range v.Fields {
			if f.Key != "meta" {
				c.Fields = append(c.Fields, jsonx.Field{Key: f.Key, Value: withoutMeta(f.Value)})
			}
		}
		return c
	case jsonx.Array:
		c := &jsonx.Value{Kind: jsonx.Array, Items: make([]*jsonx.Value, len(v.Items))}
		for i, item := range v.Items {
			c.Items[i] = withoutMeta(item)
		}
		return c
	}
	return &jsonx.Value{Kind: v.Kind, Text: v.Text}
}

// truthy is JavaScript's truthiness of a JSON value.
func truthy(v *jsonx.Value) bool {
	if v == nil {
		return false
	}
	switch v.Kind {
	case jsonx.Null:
		return false
	case jsonx.Bool:
		return v.Text == "true"
	case jsonx.String:
		return v.Text != ""
	case jsonx.Number:
		f, err := strconv.ParseFloat(v.Text, 64)
		return err != nil || f != 0
	}
	return true
}

// ownKeys is Object.keys of a parsed JSON value: an object's keys (each once,
// as jsonx.Parse keeps them), array indices first in ascending order, then
// the other keys in document order; an array's indices; nothing for anything
// else.
func ownKeys(v *jsonx.Value) []string {
	if v == nil {
		return nil
	}
	switch v.Kind {
	case jsonx.Array:
		keys := make([]string, len(v.Items))
		for i := range v.Items {
			keys[i] = strconv.Itoa(i)
		}
		return keys
	case jsonx.Object:
	default:
		return nil
	}
	var index []uint64
	var named []string
	for _, f := range v.Fields {
		if n, ok := arrayIndex(f.Key); ok {
			index = append(index, n)
		} else {
			named = append(named, f.Key)
		}
	}
	// A handful of keys: insertion sort.
	for i := 1; i < len(index); i++ {
		for j := i; j > 0 && index[j] < index[j-1]; j-- {
			index[j], index[j-1] = index[j-1], index[j]
		}
	}
	keys := make([]string, 0, len(index)+len(named))
	for _, n := range index {
		keys = append(keys, strconv.FormatUint(n, 10))
	}
	return append(keys, named...)
}

// arrayIndex reports whether key is an array index in JavaScript's sense:
// the canonical decimal form of an integer below 2³²−1.
func arrayIndex(key string) (uint64, bool) {
	if key == "" || len(key) > 10 || (len(key) > 1 && key[0] == '0') {
		return 0, false
	}
	n, err := strconv.ParseUint(key, 10, 64)
	if err != nil || n >= 1<<32-1 {
		return 0, false
	}
	return n, true
}
