//go:build js && wasm

package jsbridge

import (
	"encoding/json"
	"fmt"

	"github.com/hack-pad/safejs"
	"github.com/norunners/vert"
)

// MaxJSONLength bounds the JSON text of one argument (params, variables), in
// UTF-16 code units as JavaScript counts them. A larger argument is an
// invalid_argument error, not an out-of-memory crash.
const MaxJSONLength = 8 << 20

// Stringify returns JSON.stringify(v) as Go text. It fails with
// invalid_argument when JSON.stringify throws (a cycle, a BigInt, a throwing
// toJSON or getter), when v has no JSON form (undefined, a function, a
// symbol) or when the text is longer than [MaxJSONLength].
//
// MDN: https://developer.mozilla.org/docs/Web/JavaScript/Reference/Global_Objects/JSON/stringify
func Stringify(v safejs.Value) (string, error) {
	s, err := jsJSON.Call("stringify", v)
	if err != nil {
		return "", InvalidArgument("cannot be turned into JSON: %s", FromJS(jsValueOf(err)).Error())
	}
	if Kind(s) != safejs.TypeString {
		return "", InvalidArgument("has no JSON form")
	}
	n, err := StringLength(s)
	if err != nil {
		return "", InvalidArgument("has no JSON form")
	}
	if n > MaxJSONLength {
		return "", InvalidArgument("is too large (%d characters of JSON, at most %d)", n, MaxJSONLength)
	}
	return s.String()
}

// Parse returns JSON.parse(text).
//
// MDN: https://developer.mozilla.org/docs/Web/JavaScript/Reference/Global_Objects/JSON/parse
func Parse(text string) (safejs.Value, error) {
	v, err := jsJSON.Call("parse", text)
	if err != nil {
		return safejs.Undefined(), fmt.Errorf("JSON.parse: %w", err)
	}
	return v, nil
}

// ToJS converts a Go result for JavaScript:
//
//   - nil is undefined; a safejs.Value is itself;
//   - string, bool and numbers become their JavaScript values;
//   - json.RawMessage (a function's output, a call result) goes through
//     JSON.parse, as text;
//   - a [Small] value goes through vert (explicit js tags);
//   - anything else is marshalled with encoding/json and parsed by
//     JSON.parse, so big values never cross field by field.
func ToJS(v any) (safejs.Value, error) {
	switch x := v.(type) {
	case nil:
		return safejs.Undefined(), nil
	case safejs.Value:
		return x, nil
	case string, bool, int, int64, float64:
		return safejs.ValueOf(x)
	case json.RawMessage:
		if len(x) == 0 {
			return safejs.Null(), nil
		}
		return Parse(string(x))
	case Small:
		return x.js()
	case error:
		return NewError(x), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return safejs.Undefined(), err
	}
	return Parse(string(b))
}

// Small marks a small Go struct that crosses to JavaScript through vert. Its
// fields must all carry explicit `js:"camelName"` tags. Use [SmallValue].
type Small struct{ v any }

// SmallValue wraps a small struct for [ToJS].
func SmallValue(v any) Small { return Small{v: v} }

func (s Small) js() (out safejs.Value, err error) {
	defer func() { // vert.ValueOf panics on types it does not support
		if r := recover(); r != nil {
			out, err = safejs.Undefined(), fmt.Errorf("vert: %v", r)
		}
	}()
	return safejs.Safe(vert.ValueOf(s.v).JSValue()), nil
}

// jsValueOf digs the thrown JavaScript value out of a safejs error, or
// makes a string of the Go error.
func jsValueOf(err error) safejs.Value {
	if v, ok := Thrown(err); ok {
		return v
	}
	s, _ := safejs.ValueOf(err.Error())
	return s
}
