package ui

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
)

// value is a JSON value decoded with its object keys in document order, which
// encoding/json's maps lose. The form renders properties in key order (wire
// spec §4), so the schema is read into values, never into map[string]any.
type value struct {
	kind    valueKind
	str     string      // kindString; kindNumber holds the literal text
	boolean bool        // kindBool
	items   []*value    // kindArray
	members []member    // kindObject, in document order
	raw     json.Number // kindNumber
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

// parseValue decodes one JSON document, keeping key order. Trailing data
// after the value is an error.
func parseValue(data []byte) (*value, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("ui: trailing data after the JSON value")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder) (*value, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case nil:
		return &value{kind: kindNull}, nil
	case bool:
		return &value{kind: kindBool, boolean: t}, nil
	case json.Number:
		return &value{kind: kindNumber, raw: t, str: t.String()}, nil
	case string:
		return &value{kind: kindString, str: t}, nil
	case json.Delim:
		switch t {
		case '[':
			v := &value{kind: kindArray}
			for dec.More() {
				item, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				v.items = append(v.items, item)
			}
			if _, err := dec.Token(); err != nil { // ]
				return nil, err
			}
			return v, nil
		case '{':
			v := &value{kind: kindObject}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := kt.(string)
				item, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				// A repeated key replaces the earlier one in place, as JSON.parse does
				// for the value (JSON.parse keeps the first position too).
				replaced := false
				for i := range v.members {
					if v.members[i].key == key {
						v.members[i].val = item
						replaced = true
						break
					}
				}
				if !replaced {
					v.members = append(v.members, member{key, item})
				}
			}
			if _, err := dec.Token(); err != nil { // }
				return nil, err
			}
			return v, nil
		}
	}
	return nil, errors.New("ui: unexpected JSON token")
}

// get returns the member key of an object, or nil.
func (v *value) get(key string) *value {
	if v == nil || v.kind != kindObject {
		return nil
	}
	for _, m := range v.members {
		if m.key == key {
			return m.val
		}
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
// as JSON (defect 11), null as empty.
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
		return v.raw.String()
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
		b.WriteString(v.raw.String())
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
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	b.Write(bytes.TrimRight(buf.Bytes(), "\n"))
}
