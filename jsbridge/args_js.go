//go:build js && wasm

package jsbridge

import (
	"math"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/integry-go/integry/internal/contract"
	"github.com/integry-go/integry/internal/jsonx"
)

// MaxNameLength bounds every name-like argument (app, function, event
// names), in UTF-16 code units. Longer strings are invalid arguments.
const MaxNameLength = contract.MaxNameLength

// MaxJSONLength bounds the JSON text of one object argument (params,
// variables, options), in UTF-16 code units as JavaScript counts them. A
// larger argument is an invalid_argument error, not an out-of-memory crash.
const MaxJSONLength = 8 << 20

// Args are the arguments of a JavaScript call, read in the call itself
// (before any goroutine starts). Every reader rejects what it does not
// expect with an invalid_argument error that names the argument.
type Args []js.Value

// At returns argument i as a Value (undefined when absent).
func (a Args) At(i int) Value { return Value{arg(a, i)} }

// Absent reports whether argument i is undefined or null.
func (a Args) Absent(i int) bool {
	t := typeOf(arg(a, i))
	return t == js.TypeUndefined || t == js.TypeNull
}

// Name reads a required, non-blank string of at most MaxNameLength.
func (a Args) Name(i int, what string) (string, error) {
	s, err := a.str(i, what, MaxNameLength)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(s) == "" {
		return "", InvalidArgument(what + " must be a non-empty string")
	}
	return s, nil
}

// OptString reads an optional string: undefined and null are "".
func (a Args) OptString(i int, what string) (string, error) {
	if a.Absent(i) {
		return "", nil
	}
	return a.str(i, what, MaxNameLength)
}

func (a Args) str(i int, what string, max int) (string, error) {
	v := arg(a, i)
	if typeOf(v) != js.TypeString {
		return "", InvalidArgument(what + " must be a string, not " + typeName(v))
	}
	if n := strLen(v); n < 0 || n > max {
		return "", InvalidArgument(what + " is too long (" + strconv.Itoa(n) + " characters, at most " + strconv.Itoa(max) + ")")
	}
	return v.String(), nil
}

// Text reads a string, or a finite number as String() writes it: the
// official SDK accepts a numeric userId. ok is false for anything else.
func (a Args) Text(i int) (string, bool) {
	v := arg(a, i)
	switch typeOf(v) {
	case js.TypeString:
		if n := strLen(v); n < 0 || n > MaxNameLength*4 {
			return "", false
		}
		return v.String(), true
	case js.TypeNumber:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return "", false
		}
		s, err := invoke(global.Get("String"), v)
		if err != nil {
			return "", false
		}
		return s.String(), true
	}
	return "", false
}

// AccountID reads an optional connected account ID, a positive integer
// given as a number or a string, as a decimal string ("" when absent).
func (a Args) AccountID(i int, what string) (string, error) {
	v := arg(a, i)
	switch typeOf(v) {
	case js.TypeUndefined, js.TypeNull:
		return "", nil
	case js.TypeNumber:
		f := v.Float()
		if f != math.Trunc(f) || f <= 0 || f > 1<<53 {
			return "", InvalidArgument(what + " must be a positive integer")
		}
		return strconv.FormatInt(int64(f), 10), nil
	case js.TypeString:
		s, err := a.str(i, what, 32)
		if err != nil {
			return "", err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			return "", nil
		}
		if n, err := strconv.ParseInt(s, 10, 64); err != nil || n <= 0 {
			return "", InvalidArgument(what + " must be a positive integer")
		}
		return s, nil
	}
	return "", InvalidArgument(what + " must be a string or a number, not " + typeName(v))
}

// Object reads a plain object argument as its JSON text (JSON.stringify on
// the JavaScript side: one crossing, whatever its size). optional accepts
// undefined and null as nil. It rejects arrays, functions, cycles, BigInts,
// throwing getters and toJSON methods, and text longer than MaxJSONLength.
// Nesting is checked by whoever parses the text (jsonx.MaxDepth); an object
// too deep for JSON.stringify itself (it throws a RangeError) is refused
// here, with both limits in the message.
func (a Args) Object(i int, what string, optional bool) ([]byte, error) {
	v := arg(a, i)
	if optional && a.Absent(i) {
		return nil, nil
	}
	if typeOf(v) != js.TypeObject {
		return nil, InvalidArgument(what + " must be an object, not " + typeName(v))
	}
	if isArr, err := call(jsArray, "isArray", v); err != nil || isArr.Truthy() {
		return nil, InvalidArgument(what + " must be an object, not an array")
	}
	s, err := call(jsJSON, "stringify", v)
	if err != nil {
		msg := what + " cannot be turned into JSON: " + err.Error()
		if te, ok := err.(*thrownError); ok {
			if name, _ := peekString(te.value, "name"); name == "RangeError" {
				msg += " (" + what + " may be nested at most " + strconv.Itoa(jsonx.MaxDepth) + " levels deep and take at most " +
					strconv.Itoa(MaxJSONLength) + " characters of JSON)"
			}
		}
		return nil, InvalidArgument(msg)
	}
	if typeOf(s) != js.TypeString {
		return nil, InvalidArgument(what + " has no JSON form")
	}
	if n := strLen(s); n < 0 || n > MaxJSONLength {
		return nil, InvalidArgument(what + " is too large (" + strconv.Itoa(n) + " characters of JSON, at most " + strconv.Itoa(MaxJSONLength) + ")")
	}
	return []byte(s.String()), nil
}

// Bool reads an optional boolean: undefined and null are false.
func (a Args) Bool(i int, what string) (bool, error) {
	v := arg(a, i)
	switch typeOf(v) {
	case js.TypeUndefined, js.TypeNull:
		return false, nil
	case js.TypeBoolean:
		return v.Bool(), nil
	}
	return false, InvalidArgument(what + " must be a boolean, not " + typeName(v))
}

// Member reads member key of argument i when it is a function (an
// option such as onChangeCallback); ok is false otherwise.
func (a Args) Member(i int, key string) (fn Value, ok bool) {
	v, err := getUntrusted(arg(a, i), key)
	if err != nil || typeOf(v) != js.TypeFunction {
		return Undefined(), false
	}
	return Value{v}, true
}

// strLen is a JavaScript string's length, read without copying the string
// into Go (syscall/js reads lengths of objects only, so the string is boxed).
func strLen(v js.Value) int {
	n := -1
	_ = try(func() { n = jsObject.Invoke(v).Get("length").Int() })
	return n
}

// typeName names a value's type for an error message.
func typeName(v js.Value) string {
	switch typeOf(v) {
	case js.TypeUndefined:
		return "undefined"
	case js.TypeNull:
		return "null"
	case js.TypeBoolean:
		return "a boolean"
	case js.TypeNumber:
		return "a number"
	case js.TypeString:
		return "a string"
	case js.TypeSymbol:
		return "a symbol"
	case js.TypeFunction:
		return "a function"
	case js.TypeObject:
		return "an object"
	}
	return "a bigint"
}

// Call calls the page's function fn with args (Values, strings, bools or
// numbers), reporting a throw on the console. It is for the page's own
// callbacks, such as onChangeCallback.
func Call(fn Value, args ...Value) {
	in := make([]any, len(args))
	for i, v := range args {
		in[i] = v.v
	}
	if _, err := invoke(fn.v, in...); err != nil {
		ConsoleError("integry: a callback threw: " + err.Error())
	}
}

// Object builds a plain object from key/value pairs (a small event payload,
// a callback's argument).
func Object(kv ...any) Value {
	o := jsObject.New()
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		v, err := ToJS(kv[i+1])
		if err != nil {
			continue
		}
		o.Set(k, v.v)
	}
	return Value{o}
}
