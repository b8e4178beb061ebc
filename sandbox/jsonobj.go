package sandbox

import (
	"bytes"
	"encoding/json"

	"github.com/integry-go/integry/internal/jsonx"
)

// object is a JSON object that keeps its key order. Signatures render their
// fields in key order (docs/protocol.md#function-signature), so catalog JSON
// is never decoded into a Go map on its way out.
type object []member

type member struct {
	Key   string
	Value json.RawMessage
}

// parseObject decodes one JSON object, keeping key order and raw values.
// It walks the JSON with internal/jsonx, which never recurses and refuses
// more than jsonx.MaxDepth levels (jsonx.ErrDepth). A key written twice
// appears twice, as written.
func parseObject(b []byte) (object, error) {
	ms, err := jsonx.Members(b)
	if err != nil {
		return nil, err
	}
	o := make(object, len(ms))
	for i, m := range ms {
		o[i] = member{Key: m.Key, Value: json.RawMessage(m.Value)}
	}
	return o, nil
}

// get returns the raw value of key, or nil.
func (o object) get(key string) json.RawMessage {
	for _, m := range o {
		if m.Key == key {
			return m.Value
		}
	}
	return nil
}

// set replaces key's value in place, or appends it.
func (o object) set(key string, v json.RawMessage) object {
	for i := range o {
		if o[i].Key == key {
			o[i].Value = v
			return o
		}
	}
	return append(o, member{Key: key, Value: v})
}

// without returns o minus key.
func (o object) without(key string) object {
	out := make(object, 0, len(o))
	for _, m := range o {
		if m.Key != key {
			out = append(out, m)
		}
	}
	return out
}

// MarshalJSON writes the members in order.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.Key)
		b.Write(k)
		b.WriteByte(':')
		if len(m.Value) == 0 {
			b.WriteString("null")
		} else {
			b.Write(m.Value)
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// mustMarshal encodes values the sandbox builds itself (never user input
// with unsupported types), so an error is a programming mistake.
func mustMarshal(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// ordered builds an object from key, value pairs, in that order, so
// provider bodies read like the real APIs' (and the seed's samples).
func ordered(kv ...any) object {
	o := make(object, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		o = append(o, member{Key: kv[i].(string), Value: mustMarshal(kv[i+1])})
	}
	return o
}
