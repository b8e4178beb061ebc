package ui

import (
	"strconv"
	"strings"

	"github.com/integry-go/integry/internal/jsonx"
	"github.com/integry-go/integry/sdk"
)

// The page's payloads and a template's webhook object, as the official save
// handler reports them in did-save-integration (docs/flows.md#payloads).

// webhookField is the machine name of the template field that names a
// template's webhook object.
const webhookField = "integry_webhook_object"

// webhookObject is the template's webhook object: the field of the first
// trigger step names it ({"name", "payload": JSON text}, literal \n
// sequences removed); the object is the page's payloads[name] when that is
// set, else the payload parsed. name is "object" and obj {} without one.
func (f *FlowSetup) webhookObject() (name string, obj sdk.Doc) {
	name = "object"
	obj, _ = sdk.ParseDoc([]byte("{}"))
	for _, s := range f.steps {
		if t := s.st.Type; t != sdk.StepTrigger && t != "QUERY" && t != "ADAPTER" {
			continue // the official reads the first step with activity output
		}
		for _, tf := range s.st.Fields {
			if tf.MachineName != webhookField || tf.Default == "" {
				continue
			}
			d, err := sdk.ParseDoc([]byte(strings.ReplaceAll(tf.Default, `\n`, "")))
			if err != nil || d.Kind() != sdk.KindObject {
				return
			}
			n := d.Get("name")
			if truthy(n) {
				name = n.Text()
			}
			var o sdk.Doc
			if c, ok := f.env.API.(interface{ Config() sdk.Config }); ok && c.Config().Objects != "" {
				if all, err := sdk.ParseDoc([]byte(c.Config().Objects)); err == nil && n != nil {
					o = all.Get(n.Text())
				}
			}
			if !truthy(o) {
				o = nil
				if p := d.Get("payload"); p != nil && p.Kind() == sdk.KindString {
					o, _ = sdk.ParseDoc([]byte(p.Text()))
				}
			}
			if truthy(o) {
				obj = o
			}
			return
		}
		return
	}
	return
}

// truthy is JavaScript's truthiness of a JSON value (nil is undefined).
func truthy(d sdk.Doc) bool {
	if d == nil {
		return false
	}
	switch t := d.Text(); d.Kind() {
	case sdk.KindNull:
		return false
	case sdk.KindBool, sdk.KindNumber:
		return t != "false" && strings.Trim(t, "0.-") != "" // 0, -0, 0.0 are false
	case sdk.KindString:
		return t != ""
	}
	return true
}

// usesWebhook reports whether the step holds the webhook field: its values
// are not searched for tags.
func (s *setupStep) usesWebhook() bool {
	for _, tf := range s.st.Fields {
		if tf.MachineName == webhookField {
			return true
		}
	}
	return false
}

// mnode is a node of mappedObject: an object (keys, kids), an array (arr:
// kids keyed by index) or a leaf (val; nil is undefined: the key is left
// out, an array's element is null).
type mnode struct {
	keys []string
	kids map[string]*mnode
	arr  bool
	leaf bool
	val  sdk.Doc
}

func (n *mnode) kid(k string) *mnode {
	if n.kids == nil {
		n.kids = map[string]*mnode{}
	}
	c := n.kids[k]
	if c == nil {
		c = &mnode{}
		n.kids[k] = c
		n.keys = append(n.keys, k)
	}
	return c
}

// fromDoc makes an object's or array's value a node that tags can go into.
func fromDoc(d sdk.Doc) *mnode {
	n := &mnode{arr: d.Kind() == sdk.KindArray}
	if d.Kind() != sdk.KindObject && !n.arr {
		n.leaf, n.val = true, d
		return n
	}
	for i := range d.Len() {
		k := d.Key(i)
		if n.arr {
			k = strconv.Itoa(i)
		}
		*n.kid(k) = *fromDoc(d.Index(i))
	}
	return n
}

// mappedObject is the official payload's mappedObject: under name, every
// tag ({…}) of values as a path of nested objects (an array where the next
// segment is a number), each ending in obj's value at that path.
func mappedObject(values []string, name string, obj sdk.Doc) []byte {
	root := &mnode{}
	for _, v := range values {
		for rest := v; ; {
			i := strings.IndexByte(rest, '{')
			if i < 0 {
				break
			}
			j := strings.IndexByte(rest[i+1:], '}')
			if j < 0 {
				break
			}
			tag := rest[i+1 : i+1+j]
			rest = rest[i+1:]
			if tag == "" {
				continue
			}
			rest = rest[j+1:]
			parts := strings.Split(tag, ".")
			n := root
			for k, p := range parts[:len(parts)-1] {
				c := n.kid(p)
				if c.leaf && c.val != nil && (c.val.Kind() == sdk.KindObject || c.val.Kind() == sdk.KindArray) {
					*c = *fromDoc(c.val) // into the object's own value
				} else if c.leaf || c.kids == nil {
					x, err := strconv.ParseFloat(strings.TrimSpace(parts[k+1]), 64)
					*c = mnode{arr: (err == nil && x == x) || strings.TrimSpace(parts[k+1]) == ""} // JavaScript's !isNaN(Number(next))
				}
				n = c
			}
			c := n.kid(parts[len(parts)-1])
			*c = mnode{leaf: true, val: lookup(obj, tag)}
		}
	}
	b := jsonx.AppendString([]byte{'{'}, name)
	return append(encodeNode(append(b, ':'), root), '}')
}

// lookup is obj's value at a tag's path (segments split at dots, commas
// and brackets); nil when there is none.
func lookup(obj sdk.Doc, tag string) sdk.Doc {
	segs := strings.FieldsFunc(tag, func(r rune) bool { return r == '.' || r == ',' || r == '[' || r == ']' })
	if len(segs) == 0 {
		return nil
	}
	cur := obj
	for _, s := range segs {
		switch {
		case cur == nil || cur.Kind() == sdk.KindNull:
			return cur
		case cur.Kind() == sdk.KindObject:
			cur = cur.Get(s)
		case cur.Kind() == sdk.KindArray:
			i, err := strconv.Atoi(s)
			if err != nil || i < 0 {
				return nil
			}
			cur = cur.Index(i)
		default:
			return nil
		}
	}
	return cur
}

func encodeNode(b []byte, n *mnode) []byte {
	if n.leaf {
		if n.val == nil {
			return append(b, "null"...)
		}
		return append(b, n.val.JSON()...)
	}
	if n.arr {
		size := 0
		for _, k := range n.keys {
			if i, err := strconv.Atoi(k); err == nil && i >= size {
				size = i + 1
			}
		}
		b = append(b, '[')
		for i := range size {
			if i > 0 {
				b = append(b, ',')
			}
			c := n.kids[strconv.Itoa(i)]
			if c == nil {
				c = &mnode{leaf: true}
			}
			b = encodeNode(b, c)
		}
		return append(b, ']')
	}
	b = append(b, '{')
	first := true
	for _, k := range n.keys {
		c := n.kids[k]
		if c.leaf && c.val == nil {
			continue // undefined: JSON leaves it out
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(jsonx.AppendString(b, k), ':')
		b = encodeNode(b, c)
	}
	return append(b, '}')
}
