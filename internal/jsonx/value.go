package jsonx

// Value is a decoded JSON value that keeps object members in document order,
// which Go maps lose. It is the module's one JSON tree: the sdk, the widgets
// and the sandbox all hold ordered JSON in it.
//
// Text holds a string's value, a number's literal as written, or
// "true"/"false"; Items an array's elements; Fields an object's members,
// each key once (see [Parse] for a key written twice). Raw is the value's
// bytes in the input [Parse] read (a sub-slice, not a copy); it is nil for
// values built in code, and [Value.Set] and [Value.Delete] do not update it:
// after a change, [Value.JSON] is the text.
//
// Read Fields freely; change an object's members with Set and Delete, which
// keep the key index right (a Value built in code may also fill Fields
// itself before its first lookup). A tree Parse returned, or one built with
// Set, has every index it needs already, so several goroutines may read it
// at once; a lookup writes only to index members added behind Set's back.
type Value struct {
	Kind   Kind
	Text   string
	Items  []*Value
	Fields []Field
	Raw    []byte

	// index maps each key to its position in Fields. It is built at the
	// first lookup in an object of indexFrom members or more (below that a
	// scan is cheaper) and kept by Set. A pointer, so that the many values
	// that never need one stay small.
	index *keyIndex
}

// keyIndex is an object's key index: positions by key, and how many members
// it was built for, so that Fields grown behind its back is noticed. pos is
// nil when Fields holds a key twice (a Value built in code).
type keyIndex struct {
	pos map[string]int
	n   int
}

// indexFrom is the size from which an object keeps an index of its keys:
// below it a scan is cheaper; above it, looking up every property of a
// 1000-field schema was quadratic (BenchmarkParseAndLookUp).
const indexFrom = 16

// Field is one member of an object [Value].
type Field struct {
	Key   string
	Value *Value
}

// Parse decodes b, one JSON value, into a tree. It validates first, so the
// recursion below is bounded by MaxDepth.
//
// A key written twice in one object is kept once, as the browser's
// JSON.parse keeps it: the last value, at the position of the first
// (docs/design.md#duplicate-keys).
func Parse(b []byte) (*Value, error) {
	if err := Valid(b); err != nil {
		return nil, err
	}
	var p parser
	v, _ := p.parse(b, skipSpace(b, 0))
	return v, nil
}

// parser hands out Values from slabs: a schema of 500 fields has thousands
// of nodes, and one allocation per node was most of parsing's cost in the
// browser.
type parser struct{ slab []Value }

func (p *parser) node(v Value) *Value {
	if len(p.slab) == cap(p.slab) {
		p.slab = make([]Value, 0, 128)
	}
	p.slab = append(p.slab, v)
	return &p.slab[len(p.slab)-1]
}

// parse decodes the valid value at b[i] and returns the index past it.
func (p *parser) parse(b []byte, i int) (*Value, int) {
	v, end := p.parseKind(b, i)
	v.Raw = b[i:end:end]
	return v, end
}

func (p *parser) parseKind(b []byte, i int) (*Value, int) {
	switch c := b[i]; {
	case c == '{':
		v := p.node(Value{Kind: Object, Fields: []Field{}})
		i = skipSpace(b, i+1)
		for b[i] != '}' {
			end, _ := skipString(b, i)
			key, _ := unquote(b[i:end])
			var item *Value
			item, i = p.parse(b, skipSpace(b, skipSpace(b, end)+1))
			v.Set(key, item)
			if i = skipSpace(b, i); b[i] == ',' {
				i = skipSpace(b, i+1)
			}
		}
		return v, i + 1
	case c == '[':
		v := p.node(Value{Kind: Array, Items: []*Value{}})
		i = skipSpace(b, i+1)
		for b[i] != ']' {
			var item *Value
			item, i = p.parse(b, i)
			v.Items = append(v.Items, item)
			if i = skipSpace(b, i); b[i] == ',' {
				i = skipSpace(b, i+1)
			}
		}
		return v, i + 1
	case c == '"':
		end, _ := skipString(b, i)
		s, _ := unquote(b[i:end])
		return p.node(Value{Kind: String, Text: s}), end
	case c == 't':
		return p.node(Value{Kind: Bool, Text: "true"}), i + 4
	case c == 'f':
		return p.node(Value{Kind: Bool, Text: "false"}), i + 5
	case c == 'n':
		return p.node(Value{Kind: Null}), i + 4
	}
	end, _ := skipNumber(b, i)
	return p.node(Value{Kind: Number, Text: string(b[i:end])}), end
}

// find returns the position of member key, or -1. A key that Fields holds
// twice (a Value built in code) is found at its last position.
func (v *Value) find(key string) int {
	n := len(v.Fields)
	if n >= indexFrom {
		if v.index == nil || v.index.n != n {
			v.reindex()
		}
		if v.index.pos != nil {
			if i, ok := v.index.pos[key]; ok {
				return i
			}
			return -1
		}
	}
	for i := n - 1; i >= 0; i-- {
		if v.Fields[i].Key == key {
			return i
		}
	}
	return -1
}

// reindex builds the key index from Fields. When Fields holds a key twice
// there is no index, and find scans.
func (v *Value) reindex() {
	pos := make(map[string]int, len(v.Fields))
	for i, f := range v.Fields {
		pos[f.Key] = i
	}
	if len(pos) != len(v.Fields) {
		pos = nil
	}
	v.index = &keyIndex{pos: pos, n: len(v.Fields)}
}

// Get returns the member named key of an object, or nil (nil for any other
// kind, and for a nil v).
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Object {
		return nil
	}
	if i := v.find(key); i >= 0 {
		return v.Fields[i].Value
	}
	return nil
}

// Path follows keys through nested objects: v.Path("a", "b") is
// v.Get("a").Get("b"). It is nil when a step is missing.
func (v *Value) Path(keys ...string) *Value {
	for _, k := range keys {
		v = v.Get(k)
	}
	return v
}

// Set makes member key of the object v hold item: in place when v has the
// key already (as assigning a property of a JavaScript object keeps its
// position), appended last otherwise. v must be an object.
func (v *Value) Set(key string, item *Value) {
	if i := v.find(key); i >= 0 {
		v.Fields[i].Value = item
		return
	}
	v.Fields = append(v.Fields, Field{Key: key, Value: item})
	if n := len(v.Fields); v.index != nil && v.index.pos != nil && v.index.n == n-1 {
		v.index.pos[key], v.index.n = n-1, n
	}
}

// Delete removes member key from the object v, if it has one.
func (v *Value) Delete(key string) {
	if i := v.find(key); i >= 0 {
		v.Fields = append(v.Fields[:i:i], v.Fields[i+1:]...)
		v.index = nil
	}
}

// Str returns a string's value, or "" for any other kind (nil included).
func (v *Value) Str() string {
	if v == nil || v.Kind != String {
		return ""
	}
	return v.Text
}

// True reports whether v is the JSON literal true.
func (v *Value) True() bool { return v != nil && v.Kind == Bool && v.Text == "true" }

// False reports whether v is the JSON literal false.
func (v *Value) False() bool { return v != nil && v.Kind == Bool && v.Text == "false" }

// AppendJSON appends v as compact JSON. A nil Value is null.
func (v *Value) AppendJSON(dst []byte) []byte {
	if v == nil {
		return append(dst, "null"...)
	}
	switch v.Kind {
	case Object:
		dst = append(dst, '{')
		for i, f := range v.Fields {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendString(dst, f.Key)
			dst = append(dst, ':')
			dst = f.Value.AppendJSON(dst)
		}
		return append(dst, '}')
	case Array:
		dst = append(dst, '[')
		for i, item := range v.Items {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = item.AppendJSON(dst)
		}
		return append(dst, ']')
	case String:
		return AppendString(dst, v.Text)
	case Number, Bool:
		return append(dst, v.Text...)
	}
	return append(dst, "null"...)
}

// JSON returns v as compact JSON text.
func (v *Value) JSON() []byte { return v.AppendJSON(nil) }

// MarshalJSON writes v in its key order, so encoding/json (on servers: the
// sandbox) writes a tree as it is.
func (v *Value) MarshalJSON() ([]byte, error) { return v.JSON(), nil }
