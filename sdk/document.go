package sdk

import "github.com/integry-go/integry/internal/jsonx"

// Doc is a JSON value the SDK reads fields from: a response body, or a part
// of one. Transports make them. On a server, [ParseDoc] decodes the body's
// bytes; in the browser, the body is parsed once by the browser's own
// JSON.parse and stays in JavaScript, the Doc reads only the fields the SDK
// asks for, and the page receives that same value (see docs/design.md#bodies).
//
// Index and Key walk arrays and objects by position, so key order is kept;
// Get looks a member up by name.
type Doc interface {
	// Kind is the JSON type of the value.
	Kind() Kind
	// Text is a string's value, a number's literal, "true" or "false"; ""
	// for null, arrays and objects.
	Text() string
	// Len is the number of elements of an array or members of an object.
	Len() int
	// Index is element i of an array, or the value of member i of an
	// object; nil when out of range.
	Index(i int) Doc
	// Key is the key of member i of an object; "" otherwise.
	Key(i int) string
	// Get is the member named key of an object (the last one, if the key
	// is written twice); nil when absent or when the value is no object.
	Get(key string) Doc
	// JSON is the value as JSON text.
	JSON() []byte
}

// Kind is the JSON type of a [Doc].
type Kind = jsonx.Kind

// The JSON kinds.
const (
	KindNull   = jsonx.Null
	KindBool   = jsonx.Bool
	KindNumber = jsonx.Number
	KindString = jsonx.String
	KindArray  = jsonx.Array
	KindObject = jsonx.Object
)

// ParseDoc decodes one JSON value (at most jsonx.MaxDepth levels deep) into
// a Doc whose JSON method returns the bytes as they were written.
func ParseDoc(b []byte) (Doc, error) {
	v, err := jsonx.Parse(b)
	if err != nil {
		return nil, err
	}
	return treeDoc{v}, nil
}

// Tree returns d as an ordered JSON tree: the tree itself when d was parsed
// in Go ([ParseDoc], or a body read whole), so a schema is decoded once;
// otherwise (a Doc over a JavaScript value) a copy, at most jsonx.MaxDepth
// levels deep, which a JavaScript value need not be. It returns nil for a
// nil d and for a deeper one. The tree is shared with d: read it, do not
// change it.
func Tree(d Doc) *jsonx.Value {
	if t, ok := d.(treeDoc); ok {
		return t.v
	}
	v, ok := treeAt(d, 0)
	if !ok {
		return nil
	}
	return v
}

func treeAt(d Doc, depth int) (*jsonx.Value, bool) {
	if d == nil {
		return nil, true
	}
	switch k := d.Kind(); k {
	case KindBool, KindNumber, KindString:
		return &jsonx.Value{Kind: k, Text: d.Text()}, true
	case KindArray, KindObject:
		if depth >= jsonx.MaxDepth {
			return nil, false
		}
		v := &jsonx.Value{Kind: k}
		for i := range d.Len() {
			item, ok := treeAt(d.Index(i), depth+1)
			if !ok {
				return nil, false
			}
			if k == KindArray {
				v.Items = append(v.Items, item)
			} else {
				v.Set(d.Key(i), item)
			}
		}
		return v, true
	}
	return &jsonx.Value{Kind: KindNull}, true
}

// docOf wraps a decoded jsonx value as a Doc.
func docOf(v *jsonx.Value) Doc {
	if v == nil {
		return nil
	}
	return treeDoc{v}
}

// treeDoc is a Doc over a jsonx tree.
type treeDoc struct{ v *jsonx.Value }

func (d treeDoc) Kind() Kind { return d.v.Kind }

func (d treeDoc) Text() string {
	switch d.v.Kind {
	case KindString, KindNumber, KindBool:
		return d.v.Text
	}
	return ""
}

func (d treeDoc) Len() int { return max(len(d.v.Items), len(d.v.Fields)) }

func (d treeDoc) Index(i int) Doc {
	switch {
	case i < 0:
	case i < len(d.v.Items):
		return treeDoc{d.v.Items[i]}
	case i < len(d.v.Fields):
		return treeDoc{d.v.Fields[i].Value}
	}
	return nil
}

func (d treeDoc) Key(i int) string {
	if i >= 0 && i < len(d.v.Fields) {
		return d.v.Fields[i].Key
	}
	return ""
}

func (d treeDoc) Get(key string) Doc { return docOf(d.v.Get(key)) }

func (d treeDoc) JSON() []byte {
	if d.v.Raw != nil {
		return d.v.Raw
	}
	return d.v.JSON()
}

// MarshalJSON lets encoding/json write a parsed Doc as it was received.
func (d treeDoc) MarshalJSON() ([]byte, error) { return d.JSON(), nil }

// text is the Text of a member that may be missing.
func text(d Doc, key string) string {
	if d == nil {
		return ""
	}
	if v := d.Get(key); v != nil {
		return v.Text()
	}
	return ""
}
