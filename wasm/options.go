package main

import (
	"strconv"

	"github.com/integry-go/integry/internal/jsonx"
	"github.com/integry-go/integry/sdk"
)

// optionReader reads the members of an options object a page passed (its
// JSON text, parsed) with typed readers that check as the positional
// arguments are checked (jsbridge.Args): an absent or null member reads as
// its zero value, and a member of another type is invalid_argument naming
// it ("options.isReadOnly must be a boolean, not a string"). The first
// refusal sticks in err, so a method reads every option and checks once.
type optionReader struct {
	_    [0]func() // not comparable: no generated equality function in the bundle
	o    *jsonx.Value
	what string // "options", as the refusals name the object
	err  error
}

// get returns member key when it is of kind k, nil when it is absent or
// null, and refuses it otherwise.
func (r *optionReader) get(key string, k jsonx.Kind) *jsonx.Value {
	v := r.o.Get(key)
	if v == nil || v.Kind == jsonx.Null {
		return nil
	}
	if v.Kind != k {
		r.refuse(key, kindName(k), v.Kind)
		return nil
	}
	return v
}

// refuse records the first refusal.
func (r *optionReader) refuse(key, want string, got jsonx.Kind) {
	if r.err == nil {
		r.err = sdk.InvalidArgument(r.what + "." + key + " must be " + want + ", not " + kindName(got))
	}
}

// str reads a string option.
func (r *optionReader) str(key string) string { return r.get(key, jsonx.String).Str() }

// flag reads a boolean option.
func (r *optionReader) flag(key string) bool { return r.get(key, jsonx.Bool).True() }

// strs reads an array of strings.
func (r *optionReader) strs(key string) []string {
	v := r.get(key, jsonx.Array)
	if v == nil {
		return nil
	}
	out := make([]string, 0, len(v.Items))
	for _, item := range v.Items {
		if item.Kind != jsonx.String {
			r.refuse(key, "an array of strings", item.Kind)
			return nil
		}
		out = append(out, item.Text)
	}
	return out
}

// object reads an object option as its JSON text (nil when absent).
func (r *optionReader) object(key string) []byte {
	if v := r.get(key, jsonx.Object); v != nil {
		return v.Raw
	}
	return nil
}

// id reads a positive integer ID (a connected account's, an app's, an
// authorization's) given as a string or a number, by the rule of every
// account ID (sdk.AccountID). A number is read from its JSON text, which
// JSON.stringify writes in plain digits for an integer below 10²¹: a
// fraction, a negative number or one written with an exponent is refused.
// "" when absent.
func (r *optionReader) id(key string) string {
	v := r.o.Get(key)
	if v == nil || v.Kind == jsonx.Null {
		return ""
	}
	if v.Kind != jsonx.String && v.Kind != jsonx.Number {
		r.refuse(key, "a string or a number", v.Kind)
		return ""
	}
	id, err := sdk.AccountID(r.what+"."+key, v.Text)
	if err != nil && r.err == nil {
		r.err = err
	}
	return id
}

// num is id as a number (0 when absent or refused), for the IDs the sdk
// takes as int64 (a flow's, an integration's).
//
//lint:ignore U1000 its callers are in flows_js.go, which the native lint does not build
func (r *optionReader) num(key string) int64 {
	n, _ := strconv.ParseInt(r.id(key), 10, 64)
	return n
}

// kindName names a JSON kind as refusals of JavaScript values do (the
// typeof, with arrays and null apart).
func kindName(k jsonx.Kind) string {
	switch k {
	case jsonx.String:
		return "a string"
	case jsonx.Number:
		return "a number"
	case jsonx.Bool:
		return "a boolean"
	case jsonx.Array:
		return "an array"
	case jsonx.Object:
		return "an object"
	}
	return "null"
}
