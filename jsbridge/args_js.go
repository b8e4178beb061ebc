//go:build js && wasm

package jsbridge

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/hack-pad/safejs"
	"github.com/integry-go/integry/sdk"
)

// MaxNameLength bounds a name or ID argument, in UTF-16 code units. Longer
// strings are rejected before they are copied into Go.
const MaxNameLength = 1024

// Args are the arguments of one JavaScript call. Each reader checks one
// argument and returns an invalid_argument *sdk.Error naming it when it is
// missing or of the wrong kind, whatever it is: null, undefined, a function,
// a symbol, a BigInt, a cyclic object or a huge string. Readers never panic.
type Args []safejs.Value

// At returns argument i, undefined when there are fewer.
func (a Args) At(i int) safejs.Value { return arg(a, i) }

// Absent reports whether argument i is undefined or null.
func (a Args) Absent(i int) bool {
	v := a.At(i)
	return v.IsUndefined() || v.IsNull()
}

// Name reads a required, non-blank string such as an app or function name.
func (a Args) Name(i int, what string) (string, error) {
	s, err := a.str(i, what, MaxNameLength)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(s) == "" {
		return "", InvalidArgument("%s must be a non-empty string", what)
	}
	return s, nil
}

// OptString reads an optional string: undefined and null give "".
func (a Args) OptString(i int, what string) (string, error) {
	if a.Absent(i) {
		return "", nil
	}
	return a.str(i, what, MaxNameLength)
}

func (a Args) str(i int, what string, max int) (string, error) {
	v := a.At(i)
	if Kind(v) != safejs.TypeString {
		return "", InvalidArgument("%s must be a string, not %s", what, typeName(v))
	}
	n, err := StringLength(v)
	if err != nil {
		return "", InvalidArgument("%s must be a string", what)
	}
	if n > max {
		return "", InvalidArgument("%s is too long (%d characters, at most %d)", what, n, max)
	}
	return v.String()
}

// AccountID reads an optional connected account ID: a string of digits or a
// positive safe integer. undefined, null and "" give "".
func (a Args) AccountID(i int, what string) (string, error) {
	v := a.At(i)
	switch Kind(v) {
	case safejs.TypeUndefined, safejs.TypeNull:
		return "", nil
	case safejs.TypeNumber:
		f, err := v.Float()
		if err != nil || f != math.Trunc(f) || f <= 0 || f > 1<<53 {
			return "", InvalidArgument("%s must be a positive integer", what)
		}
		return strconv.FormatInt(int64(f), 10), nil
	case safejs.TypeString:
		s, err := a.str(i, what, 32)
		if err != nil {
			return "", err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			return "", nil
		}
		if n, err := strconv.ParseInt(s, 10, 64); err != nil || n <= 0 {
			return "", InvalidArgument("%s must be a positive integer", what)
		}
		return s, nil
	}
	return "", InvalidArgument("%s must be a string or a number, not %s", what, typeName(v))
}

// Object reads a plain object (not an array, not a function) as JSON text.
// When optional, undefined and null give nil.
func (a Args) Object(i int, what string, optional bool) (json.RawMessage, error) {
	v := a.At(i)
	if optional && (v.IsUndefined() || v.IsNull()) {
		return nil, nil
	}
	if Kind(v) != safejs.TypeObject || v.IsNull() {
		return nil, InvalidArgument("%s must be an object, not %s", what, typeName(v))
	}
	if isArr, err := jsArray.Call("isArray", v); err == nil {
		if b, _ := isArr.Bool(); b {
			return nil, InvalidArgument("%s must be an object, not an array", what)
		}
	}
	s, err := Stringify(v)
	if err != nil {
		return nil, InvalidArgument("%s %s", what, sdk.AsError(err).Message)
	}
	return json.RawMessage(s), nil
}

// Bool reads an optional boolean: undefined and null give false.
func (a Args) Bool(i int, what string) (bool, error) {
	v := a.At(i)
	switch Kind(v) {
	case safejs.TypeUndefined, safejs.TypeNull:
		return false, nil
	case safejs.TypeBoolean:
		return v.Bool()
	}
	return false, InvalidArgument("%s must be a boolean, not %s", what, typeName(v))
}

// Func reads a required function.
func (a Args) Func(i int, what string) (safejs.Value, error) {
	v := a.At(i)
	if Kind(v) != safejs.TypeFunction {
		return v, InvalidArgument("%s must be a function, not %s", what, typeName(v))
	}
	return v, nil
}

// typeName is what an error message calls v: typeof, with null and arrays
// told apart.
func typeName(v safejs.Value) string {
	if v.IsNull() {
		return "null"
	}
	switch Kind(v) {
	case safejs.TypeUndefined:
		return "undefined"
	case safejs.TypeBoolean:
		return "a boolean"
	case safejs.TypeNumber:
		return "a number"
	case safejs.TypeString:
		return "a string"
	case safejs.TypeSymbol:
		return "a symbol"
	case safejs.TypeFunction:
		return "a function"
	case safejs.TypeObject:
		return "an object"
	}
	return "a bigint"
}

// TypeBigInt is what [Kind] returns for a BigInt, which syscall/js has no
// type for.
const TypeBigInt safejs.Type = -1

// Kind returns v's type without panicking: syscall/js panics on a BigInt
// ("bad type flag"), which Kind reports as [TypeBigInt]. Use it, not
// Value.Type, on anything a caller passed in.
func Kind(v safejs.Value) (t safejs.Type) {
	defer func() {
		if recover() != nil {
			t = TypeBigInt
		}
	}()
	return v.Type()
}

// StringLength returns the length of a JavaScript string (UTF-16 code units)
// without copying it into Go. syscall/js reads properties of objects only,
// so the string is boxed with Object(s) first.
func StringLength(v safejs.Value) (int, error) {
	boxed, err := jsObject.Invoke(v)
	if err != nil {
		return 0, err
	}
	n, err := boxed.Get("length")
	if err != nil {
		return 0, err
	}
	return n.Int()
}
