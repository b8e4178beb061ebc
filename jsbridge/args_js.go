//go:build js && wasm

package jsbridge

import (
	"math"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/integry-go/integry/internal/contract"
	"github.com/integry-go/integry/internal/jsonx"
	"github.com/integry-go/integry/sdk"
)

// MaxNameLength bounds every name-like argument (app, function, event
// names), in UTF-16 code units. Longer strings are invalid arguments.
const MaxNameLength = contract.MaxNameLength

// MaxJSONLength bounds the JSON text of one object argument (params,
// variables, options), in UTF-16 code units as JavaScript counts them. A
// larger argument is an invalid_argument error, not an out-of-memory crash.
const MaxJSONLength = 8 << 20

// Args are the arguments of a JavaScript call. They stay in the loader, in
// the frame of the call entry (abi_js.go), so they are read in the call
// itself, before any goroutine starts and before anything else crosses.
// Every reader rejects what it does not expect with an invalid_argument
// error that names the argument.
//
// n is the argument count in its low 8 bits; the call entry adds
// argsPacked and, from bit 16, the first contract.KindsPacked arguments'
// kinds, 4 bits each (one word: Args is passed by value to every method).
type Args struct{ n int }

// argsPacked marks Args whose kinds came with the call entry.
const argsPacked = 1 << 8

// kind is argument i's kind (kindUndefined when absent): from the kinds the
// call entry brought when it has them, else asked of the frame.
func (a Args) kind(i int) int {
	if i < 0 || i >= a.n&0xff {
		return kindUndefined
	}
	if a.n&argsPacked != 0 && i < contract.KindsPacked {
		return a.n >> (16 + 4*i) & 15
	}
	return frameKind(i)
}

// At returns argument i as a Value (undefined when absent). The Value has
// a finalizer: it is for the few arguments Go keeps (a popup window).
func (a Args) At(i int) Value {
	if i < 0 || i >= a.n&0xff {
		return Undefined()
	}
	return Value{frameValue(i)}
}

// Num reads argument i when it is a number; ok is false otherwise.
func (a Args) Num(i int) (f float64, ok bool) {
	if a.kind(i) != kindNumber {
		return 0, false
	}
	return frameNum(i), true
}

// Absent reports whether argument i is undefined or null.
func (a Args) Absent(i int) bool {
	k := a.kind(i)
	return k == kindUndefined || k == kindNull
}

// Name reads a required, non-blank string of at most MaxNameLength.
func (a Args) Name(i int, what string) (string, error) {
	s, err := a.str(i, what, MaxNameLength)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(s) == "" {
		return "", sdk.InvalidArgument(what + " must be a non-empty string")
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

// Cursor reads an optional page cursor, a string of at most MaxJSONLength
// UTF-16 code units ("" when absent): the next_page a paginated function
// answered, which paging hands back (wasm's __page).
func (a Args) Cursor(i int) (string, error) {
	if a.Absent(i) {
		return "", nil
	}
	return a.str(i, "cursor", MaxJSONLength)
}

func (a Args) str(i int, what string, max int) (string, error) {
	if k := a.kind(i); k != kindString {
		return "", sdk.InvalidArgument(what + " must be a string, not " + kindName(k))
	}
	s, n := frameText(i, max)
	if n < 0 {
		return "", sdk.InvalidArgument(what + " is too long (" + strconv.Itoa(-2-n) + " characters, at most " + strconv.Itoa(max) + ")")
	}
	return s, nil
}

// Text reads a string, or a finite number as String() writes it: the
// official SDK accepts a numeric userId. ok is false for anything else.
func (a Args) Text(i int) (string, bool) {
	if k := a.kind(i); k != kindString && k != kindNumber {
		return "", false
	}
	s, n := frameText(i, MaxNameLength*4)
	return s, n >= 0
}

// AccountID reads an optional connected account ID, a positive integer
// given as a number or a string, as a decimal string ("" when absent).
func (a Args) AccountID(i int, what string) (string, error) {
	switch k := a.kind(i); k {
	case kindUndefined, kindNull:
		return "", nil
	case kindNumber:
		f := frameNum(i)
		if f != math.Trunc(f) || f <= 0 || f > 1<<53 {
			return "", sdk.InvalidArgument(what + " must be a positive integer")
		}
		return strconv.FormatInt(int64(f), 10), nil
	case kindString:
		s, err := a.str(i, what, 32)
		if err != nil {
			return "", err
		}
		return sdk.AccountID(what, s)
	default:
		return "", sdk.InvalidArgument(what + " must be a string or a number, not " + kindName(k))
	}
}

// Object reads a plain object argument as its JSON text (JSON.stringify in
// the loader; the text crosses once, through the buffer, whatever its
// size). optional accepts undefined and null as nil. It rejects arrays,
// functions, cycles, BigInts, throwing getters and toJSON methods, and text
// longer than MaxJSONLength. Nesting is checked by whoever parses the text
// (jsonx.MaxDepth); an object too deep for JSON.stringify itself (it throws
// a RangeError) is refused here, with both limits in the message.
func (a Args) Object(i int, what string, optional bool) ([]byte, error) {
	if optional && a.Absent(i) {
		return nil, nil
	}
	switch k := a.kind(i); k {
	case kindObject:
	case kindArray:
		return nil, sdk.InvalidArgument(what + " must be an object, not an array")
	default:
		return nil, sdk.InvalidArgument(what + " must be an object, not " + kindName(k))
	}
	b, n := frameJSON(i, MaxJSONLength)
	switch {
	case n == -1:
		var thrownValue js.Value
		_ = try(func() { thrownValue = host.thrown.Invoke() })
		err := fromJS(thrownValue)
		msg := what + " cannot be turned into JSON: " + err.Error()
		if name, _ := peekString(thrownValue, "name"); name == "RangeError" {
			msg += " (" + what + " may be nested at most " + strconv.Itoa(jsonx.MaxDepth) + " levels deep and take at most " +
				strconv.Itoa(MaxJSONLength) + " characters of JSON)"
		}
		return nil, sdk.InvalidArgument(msg)
	case n == -2:
		return nil, sdk.InvalidArgument(what + " has no JSON form")
	case n < 0:
		return nil, sdk.InvalidArgument(what + " is too large (" + strconv.Itoa(-3-n) + " characters of JSON, at most " + strconv.Itoa(MaxJSONLength) + ")")
	}
	return b, nil
}

// Bool reads an optional boolean: undefined and null are false.
func (a Args) Bool(i int, what string) (bool, error) {
	switch k := a.kind(i); k {
	case kindUndefined, kindNull:
		return false, nil
	case kindBool:
		return frameNum(i) != 0, nil
	default:
		return false, sdk.InvalidArgument(what + " must be a boolean, not " + kindName(k))
	}
}

// Member reads member key of argument i when it is a function (an
// option such as onChangeCallback); ok is false otherwise.
func (a Args) Member(i int, key string) (fn Value, ok bool) {
	if k := a.kind(i); k != kindObject && k != kindArray && k != kindFunction {
		return Undefined(), false
	}
	v, err := getUntrusted(frameValue(i), key)
	if err != nil || typeOf(v) != js.TypeFunction {
		return Undefined(), false
	}
	return Value{v}, true
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

// Fields writes a plain object from key/value pairs as JSON text, in Go
// (a small event payload): strings, bools, finite float64s and [JSON]
// (anything else is null). It reaches the page through JSON.parse, so it
// makes no js.Value.
func Fields(kv ...any) JSON {
	b := []byte{'{'}
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(jsonx.AppendString(b, kv[i].(string)), ':')
		switch v := kv[i+1].(type) {
		case string:
			b = jsonx.AppendString(b, v)
		case bool:
			b = strconv.AppendBool(b, v)
		case float64:
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
		case JSON:
			b = append(b, v...)
		default:
			b = append(b, "null"...)
		}
	}
	return append(b, '}')
}
