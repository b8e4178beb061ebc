package ui

import (
	"strconv"
	"strings"

	"github.com/integry-go/integry/internal/jsonx"
	"github.com/integry-go/integry/sdk"
)

// value is a JSON value with its object keys in document order, which Go
// maps lose. The form renders properties in key order
// (docs/protocol.md#function-signature), so the schema is read into values,
// never into map[string]any. The JSON itself is walked by internal/jsonx.
type value struct {
	kind    valueKind
	str     string         // kindString; kindNumber holds the literal text
	boolean bool           // kindBool
	items   []*value       // kindArray
	members []member       // kindObject, in document order
	index   map[string]int // member positions by key, once an object is large
}

// indexFrom is the size from which an object keeps an index of its keys:
// below it a scan is cheaper; above it, a 1000-field schema made building
// the form quadratic (BenchmarkFormRender).
const indexFrom = 16

// find returns the position of member key, or -1. The index is used only
// while it covers every member (code that appends to members directly
// leaves it behind, and then the scan is right).
func (v *value) find(key string) int {
	if v.index != nil && len(v.index) == len(v.members) {
		if i, ok := v.index[key]; ok {
			return i
		}
		return -1
	}
	for i := range v.members {
		if v.members[i].key == key {
			return i
		}
	}
	return -1
}

type member struct {
	key string
	val *value
}

type valueKind uint8

const (
	kindNull valueKind = iota
	kindBool
	kindNumber
	kindString
	kindArray
	kindObject
)

// parseValue decodes one JSON document (at most jsonx.MaxDepth levels deep),
// keeping key order.
func parseValue(data []byte) (*value, error) {
	v, err := jsonx.Parse(data)
	if err != nil {
		return nil, err
	}
	return fromJSONX(v), nil
}

// docValue reads a decoded document (a signature the sdk parsed) into a
// value. A Doc the sdk parsed is at most jsonx.MaxDepth levels deep, but a
// Doc over a JavaScript value has no such bound: docValue stops there too,
// and returns nil for a deeper document.
func docValue(d sdk.Doc) *value {
	v, ok := docValueAt(d, 0)
	if !ok {
		return nil
	}
	return v
}

func docValueAt(d sdk.Doc, depth int) (*value, bool) {
	if d == nil {
		return nil, true
	}
	switch d.Kind() {
	case sdk.KindBool:
		return &value{kind: kindBool, boolean: d.Text() == "true"}, true
	case sdk.KindNumber:
		return &value{kind: kindNumber, str: d.Text()}, true
	case sdk.KindString:
		return &value{kind: kindString, str: d.Text()}, true
	case sdk.KindArray, sdk.KindObject:
		if depth >= jsonx.MaxDepth {
			return nil, false
		}
		v := &value{kind: kindArray}
		if d.Kind() == sdk.KindObject {
			v.kind = kindObject
		}
		for i := range d.Len() {
			item, ok := docValueAt(d.Index(i), depth+1)
			if !ok {
				return nil, false
			}
			if v.kind == kindArray {
				v.items = append(v.items, item)
			} else {
				v.set(d.Key(i), item)
			}
		}
		return v, true
	}
	return &value{kind: kindNull}, true
}

// fromJSONX converts jsonx's tree; its depth is bounded by jsonx.MaxDepth.
func fromJSONX(j *jsonx.Value) *value {
	switch j.Kind {
	case jsonx.Bool:
		return &value{kind: kindBool, boolean: j.Text == "true"}
	case jsonx.Number:
		return &value{kind: kindNumber, str: j.Text}
	case jsonx.String:
		return &value{kind: kindString, str: j.Text}
	case jsonx.Array:
		v := &value{kind: kindArray}
		for _, it := range j.Items {
			v.items = append(v.items, fromJSONX(it))
		}
		return v
	case jsonx.Object:
		v := &value{kind: kindObject}
		for _, f := range j.Fields {
			v.set(f.Key, fromJSONX(f.Value))
		}
		return v
	}
	return &value{kind: kindNull}
}

// set adds a member; a repeated key replaces the earlier value in place, as
// JSON.parse does (last value, first position).
func (v *value) set(key string, item *value) {
	if i := v.find(key); i >= 0 {
		v.members[i].val = item
		return
	}
	v.members = append(v.members, member{key, item})
	switch n := len(v.members); {
	case v.index != nil && len(v.index) == n-1:
		v.index[key] = n - 1
	case n >= indexFrom:
		v.index = make(map[string]int, 2*n)
		for i, m := range v.members {
			v.index[m.key] = i
		}
	}
}

// get returns the member key of an object, or nil.
func (v *value) get(key string) *value {
	if v == nil || v.kind != kindObject {
		return nil
	}
	if i := v.find(key); i >= 0 {
		return v.members[i].val
	}
	return nil
}

// path follows keys through nested objects.
func (v *value) path(keys ...string) *value {
	for _, k := range keys {
		v = v.get(k)
	}
	return v
}

// text returns a string value, or "" for anything else.
func (v *value) text() string {
	if v == nil || v.kind != kindString {
		return ""
	}
	return v.str
}

// isTrue reports whether v is the JSON literal true.
func (v *value) isTrue() bool { return v != nil && v.kind == kindBool && v.boolean }

// isFalse reports whether v is the JSON literal false.
func (v *value) isFalse() bool { return v != nil && v.kind == kindBool && !v.boolean }

// display is how a prefilled or default value appears in a text widget:
// strings as they are, numbers and booleans as literals, arrays and objects
// as JSON (docs/protocol.md#differs-prefill-values), null as empty.
func (v *value) display() string {
	if v == nil {
		return ""
	}
	switch v.kind {
	case kindNull:
		return ""
	case kindString:
		return v.str
	case kindNumber:
		return v.str
	case kindBool:
		return strconv.FormatBool(v.boolean)
	}
	var b strings.Builder
	v.encode(&b, "")
	return b.String()
}

// encode writes v as JSON, keys in order. indent "" writes compact JSON.
func (v *value) encode(b *strings.Builder, indent string) {
	switch v.kind {
	case kindNull:
		b.WriteString("null")
	case kindBool:
		b.WriteString(strconv.FormatBool(v.boolean))
	case kindNumber:
		b.WriteString(v.str)
	case kindString:
		writeString(b, v.str)
	case kindArray:
		b.WriteByte('[')
		for i, it := range v.items {
			if i > 0 {
				b.WriteByte(',')
			}
			it.encode(b, indent)
		}
		b.WriteByte(']')
	case kindObject:
		b.WriteByte('{')
		for i, m := range v.members {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, m.key)
			b.WriteByte(':')
			m.val.encode(b, indent)
		}
		b.WriteByte('}')
	}
}

// writeString writes s as a JSON string without HTML escaping, so values
// round-trip byte for byte.
func writeString(b *strings.Builder, s string) {
	b.Write(jsonx.AppendString(nil, s))
}
