package jsonx

// Value is a decoded JSON value that keeps object members in document order,
// which Go maps lose. Text holds a string's value, a number's literal as
// written, or "true"/"false"; Items an array's elements; Fields an object's
// members. Raw is the value's bytes in the input [Parse] read (a sub-slice,
// not a copy); it is nil for values built in code.
type Value struct {
	Kind   Kind
	Text   string
	Items  []*Value
	Fields []Field
	Raw    []byte
}

// Field is one member of an object [Value].
type Field struct {
	Key   string
	Value *Value
}

// Parse decodes b, one JSON value, into a tree. It validates first, so the
// recursion below is bounded by MaxDepth.
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
			v.Fields = append(v.Fields, Field{Key: key, Value: item})
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

// Get returns the last member named key of an object, or nil.
func (v *Value) Get(key string) *Value {
	if v == nil {
		return nil
	}
	var out *Value
	for _, f := range v.Fields {
		if f.Key == key {
			out = f.Value
		}
	}
	return out
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
