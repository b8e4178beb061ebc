package ui

import (
	"strconv"
	"strings"

	"github.com/integry-go/integry/internal/jsonx"
	"github.com/integry-go/integry/sdk"
)

// The page's payloads and a template's webhook object, as the official save
// handler reports them in did-save-integration (docs/flows.md#payloads).

// webhookObject is the template's webhook object: the field of the first
// step with activity output names it ({"name", "payload": JSON text},
// literal \n sequences removed); the object is the page's payloads[name]
// when that is set, else the payload parsed. name is "object" and obj {}
// without one; step is the step that has the field (its values hold no
// tags), nil without one.
func (f *FlowSetup) webhookObject() (step *setupStep, name string, obj *jsonx.Value) {
	name, obj = "object", &jsonx.Value{Kind: jsonx.Object}
	for _, s := range f.steps {
		if s.st.Type != sdk.StepTrigger { // the official: TRIGGER, QUERY or ADAPTER; ours has triggers
			continue
		}
		def := ""
		for _, tf := range s.st.Fields {
			if tf.MachineName == "integry_webhook_object" {
				step, def = s, tf.Default
			}
		}
		d := parseText(strings.ReplaceAll(def, `\n`, ""))
		n := d.Get("name")
		if truthy(n) {
			name = n.Text
		}
		var o *jsonx.Value
		if n != nil {
			o = parseText(f.api.Objects()).Get(n.Text)
		}
		if p := d.Get("payload"); !truthy(o) && p != nil && p.Kind == jsonx.String {
			o = parseText(p.Text)
		}
		if truthy(o) {
			obj = o
		}
		break
	}
	return
}

// parseText is JSON text as a tree; nil when it is no JSON.
func parseText(s string) *jsonx.Value {
	v, _ := jsonx.Parse([]byte(s))
	return v
}

// truthy is JavaScript's truthiness of a JSON value (nil is undefined; a
// number is falsy only written as 0).
func truthy(v *jsonx.Value) bool {
	return v != nil && (v.Kind == jsonx.Object || v.Kind == jsonx.Array || v.Text != "" && v.Text != "false" && v.Text != "0")
}

// member is the value at key of an object, or at an index of an array.
func member(v *jsonx.Value, key string) *jsonx.Value {
	if v != nil && v.Kind == jsonx.Array {
		if i, err := strconv.Atoi(key); err == nil && i >= 0 && i < len(v.Items) {
			return v.Items[i]
		}
		return nil
	}
	return v.Get(key)
}

// mappedObject is the official payload's mappedObject: under name, every
// tag ({…}) of values as a path of nested objects (an array where the next
// segment is a number), each ending in obj's value at that path, left out
// when obj has none. As in the official handler, a path goes into obj's
// own objects where the tags meet one.
func mappedObject(values []string, name string, obj *jsonx.Value) []byte {
	root := &jsonx.Value{Kind: jsonx.Object}
	for _, v := range values {
		for rest := v; ; {
			i := strings.IndexByte(rest, '{')
			j := strings.IndexByte(rest[i+1:], '}')
			if i < 0 || j < 0 {
				break
			}
			tag := rest[i+1 : i+1+j]
			if rest = rest[i+1:]; tag == "" {
				continue
			}
			rest = rest[j+1:]
			parts := strings.Split(tag, ".")
			n := root
			for k, p := range parts {
				var c *jsonx.Value
				if k == len(parts)-1 {
					// the leaf: obj's value at the path (split as the
					// official does, empty segments dropped)
					c = obj
					for _, s := range strings.Split(tag, ".") {
						if s != "" && c != nil && c.Kind != jsonx.Null {
							c = member(c, s)
						}
					}
					if c == obj {
						c = nil
					}
				} else if c = member(n, p); c == nil || (c.Kind != jsonx.Object && c.Kind != jsonx.Array) {
					next := strings.TrimSpace(parts[k+1])
					x, err := strconv.ParseFloat(next, 64)
					c = &jsonx.Value{Kind: jsonx.Object}
					if (err == nil && x == x) || next == "" { // JavaScript's !isNaN(Number(next))
						c.Kind = jsonx.Array
					}
				} else {
					n = c
					continue
				}
				switch i, err := strconv.Atoi(p); {
				case n.Kind == jsonx.Object && c == nil: // undefined: JSON leaves it out
				case n.Kind == jsonx.Object:
					n.Set(p, c)
				case err == nil && i >= 0: // an array's element; the missing ones are null
					for len(n.Items) <= i {
						n.Items = append(n.Items, nil)
					}
					n.Items[i] = c
				}
				n = c
			}
		}
	}
	b := jsonx.AppendString([]byte{'{'}, name)
	return append(root.AppendJSON(append(b, ':')), '}')
}
