// Package jsonx is the project's one JSON walker: a small validating scanner
// that keeps object keys in document order, never recurses without a bound,
// and does not import encoding/json (the browser bundle must not link it:
// see docs/design.md#size).
//
// It serves three shapes of work:
//
//   - reading a few members of an object without decoding the rest
//     ([Members], [Items], [Get]): the sdk reads call results and app
//     objects this way on servers;
//   - decoding a whole document into an ordered tree ([Parse], [Value]):
//     the function form renders a schema's properties in key order;
//   - writing JSON ([AppendString], [Value.AppendJSON], [SetKey]).
//
// A key written twice in one object has one meaning everywhere: the last
// value, at the position of the first, as the browser's JSON.parse reads it
// ([Parse], [Get], [SetKey], [Value.Set]; [Members] alone lists an object as
// written). docs/design.md#duplicate-keys says why.
//
// Every entry point validates its input completely and enforces [MaxDepth]
// nesting; a fuzz test checks the scanner against encoding/json.
package jsonx

import (
	"errors"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth is the deepest nesting of arrays and objects any function of this
// package accepts. Deeper input fails with [ErrDepth]. Real Integry payloads
// nest a dozen levels; the limit keeps a hostile document from exhausting the
// stack or the time of whoever walks it.
const MaxDepth = 1000

// TooDeep is how every refusal of a document deeper than MaxDepth words it,
// whoever refuses it (an argument, a prefill, a response, a sandbox body):
// "<what> is nested deeper than 1000 levels". TestTooDeepNamesMaxDepth keeps
// the number equal to MaxDepth.
const TooDeep = "nested deeper than 1000 levels"

var (
	// ErrSyntax reports input that is not one valid JSON value.
	ErrSyntax = errors.New("jsonx: invalid JSON")
	// ErrDepth reports input nested deeper than MaxDepth.
	ErrDepth = errors.New("jsonx: " + TooDeep)
	// ErrNotObject reports a valid JSON value that is not the object asked for.
	ErrNotObject = errors.New("jsonx: not a JSON object")
	// ErrNotArray reports a valid JSON value that is not the array asked for.
	ErrNotArray = errors.New("jsonx: not a JSON array")
)

// Kind is the type of a JSON value.
type Kind uint8

// The JSON kinds. Invalid is the kind of empty or malformed input.
const (
	Invalid Kind = iota
	Null
	Bool
	Number
	String
	Array
	Object
)

// KindOf returns the kind of the JSON value b starts with (after white
// space), judged by its first byte only: use it on bytes already validated.
func KindOf(b []byte) Kind {
	i := skipSpace(b, 0)
	if i >= len(b) {
		return Invalid
	}
	switch c := b[i]; {
	case c == '{':
		return Object
	case c == '[':
		return Array
	case c == '"':
		return String
	case c == 't' || c == 'f':
		return Bool
	case c == 'n':
		return Null
	case c == '-' || '0' <= c && c <= '9':
		return Number
	}
	return Invalid
}

// Valid checks that b is exactly one JSON value (white space around it
// allowed), nested at most MaxDepth levels.
func Valid(b []byte) error {
	i, err := skipValue(b, skipSpace(b, 0))
	if err != nil {
		return err
	}
	if skipSpace(b, i) != len(b) {
		return ErrSyntax
	}
	return nil
}

// Member is one member of an object as written: its key (unescaped) and its
// value's bytes, a sub-slice of the input.
type Member struct {
	Key   string
	Value []byte
}

// Members validates b as one JSON object and returns its members in document
// order, as written: a key written twice appears twice (a [Value] keeps it
// once).
func Members(b []byte) ([]Member, error) {
	var out []Member
	err := EachMember(b, func(key string, value []byte) bool {
		out = append(out, Member{Key: key, Value: value})
		return true
	})
	return out, err
}

// EachMember validates b as one JSON object and calls fn with each member in
// document order until fn returns false. The whole of b is validated before
// fn first runs, so fn never sees members of a malformed object.
func EachMember(b []byte, fn func(key string, value []byte) bool) error {
	if err := Valid(b); err != nil {
		return err
	}
	i := skipSpace(b, 0)
	if b[i] != '{' {
		return ErrNotObject
	}
	i = skipSpace(b, i+1)
	for b[i] != '}' {
		end, _ := skipString(b, i)
		key, _ := unquote(b[i:end])
		i = skipSpace(b, skipSpace(b, end)+1) // past ':'
		start := i
		i, _ = skipValue(b, i)
		if !fn(key, b[start:i]) {
			return nil
		}
		i = skipSpace(b, i)
		if b[i] == ',' {
			i = skipSpace(b, i+1)
		}
	}
	return nil
}

// Get returns the value of the last member named key of the object b, or
// nil when b has no such member. It fails when b is not a valid object.
func Get(b []byte, key string) ([]byte, error) {
	var v []byte
	err := EachMember(b, func(k string, value []byte) bool {
		if k == key {
			v = value
		}
		return true
	})
	return v, err
}

// Items validates b as one JSON array and returns its elements' bytes in
// order, as sub-slices of b.
func Items(b []byte) ([][]byte, error) {
	if err := Valid(b); err != nil {
		return nil, err
	}
	i := skipSpace(b, 0)
	if b[i] != '[' {
		return nil, ErrNotArray
	}
	out := [][]byte{}
	i = skipSpace(b, i+1)
	for b[i] != ']' {
		start := i
		i, _ = skipValue(b, i)
		out = append(out, b[start:i])
		i = skipSpace(b, i)
		if b[i] == ',' {
			i = skipSpace(b, i+1)
		}
	}
	return out, nil
}

// Unquote returns the text of the JSON string b (quotes included, white
// space around allowed). ok is false when b is not one valid JSON string.
func Unquote(b []byte) (s string, ok bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '"' {
		return "", false
	}
	end, err := skipString(b, i)
	if err != nil || skipSpace(b, end) != len(b) {
		return "", false
	}
	return unquote(b[i:end])
}

// unquote decodes a string token already checked by skipString. Invalid
// UTF-8 and lone surrogates become U+FFFD, as encoding/json does.
func unquote(q []byte) (string, bool) {
	body := q[1 : len(q)-1]
	plain := true
	for _, c := range body {
		if c == '\\' || c >= utf8.RuneSelf {
			plain = false
			break
		}
	}
	if plain {
		return string(body), true
	}
	out := make([]byte, 0, len(body))
	for i := 0; i < len(body); {
		c := body[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRune(body[i:])
			out = utf8.AppendRune(out, r) // RuneError for invalid bytes
			i += n
			continue
		}
		if c != '\\' {
			out = append(out, c)
			i++
			continue
		}
		switch e := body[i+1]; e {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := hex4(body[i+2 : i+6])
			i += 6
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if i+6 <= len(body) && body[i] == '\\' && body[i+1] == 'u' {
					r2 = hex4(body[i+2 : i+6])
				}
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					i += 6
					r = dec
				} else {
					r = utf8.RuneError
				}
			}
			out = utf8.AppendRune(out, r)
			continue
		default: // '"', '\\', '/'
			out = append(out, e)
		}
		i += 2
	}
	return string(out), true
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b {
		r <<= 4
		switch {
		case '0' <= c && c <= '9':
			r |= rune(c - '0')
		case 'a' <= c && c <= 'f':
			r |= rune(c - 'a' + 10)
		default:
			r |= rune(c - 'A' + 10)
		}
	}
	return r
}

// AppendString appends s as a JSON string. Control characters, quotes and
// backslashes are escaped, and so are U+2028 and U+2029 (so the text is
// safe inside JavaScript source); invalid UTF-8 becomes U+FFFD. HTML
// characters stay as they are, so text shown to a person (a prefilled value
// in a JSON field) reads as typed. The output is what encoding/json writes
// with SetEscapeHTML(false).
func AppendString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += n
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += n
			start = i
			continue
		}
		i += n
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// Quote returns s as a JSON string (see [AppendString]).
func Quote(s string) string { return string(AppendString(nil, s)) }

// SetKey returns a copy of the JSON object obj with key set to value (JSON
// text, not checked), by the tree's rule ([Value.Set],
// docs/design.md#duplicate-keys): in place of the first member named key,
// with any later ones dropped, or appended last when obj has none. It fails
// when obj is not a valid object.
func SetKey(obj []byte, key string, value []byte) ([]byte, error) {
	out := make([]byte, 0, len(obj)+len(key)+len(value)+4)
	out = append(out, '{')
	set := false
	err := EachMember(obj, func(k string, v []byte) bool {
		if k == key {
			if set {
				return true
			}
			set, v = true, value
		}
		out = AppendString(out, k)
		out = append(out, ':')
		out = append(out, v...)
		out = append(out, ',')
		return true
	})
	if err != nil {
		return nil, err
	}
	if !set {
		out = AppendString(out, key)
		out = append(out, ':')
		out = append(out, value...)
		out = append(out, ',')
	}
	if len(out) > 1 {
		out = out[:len(out)-1]
	}
	return append(out, '}'), nil
}

// ParseInt reads a JSON number that is an integer (no fraction or exponent)
// or a string holding one, as Integry's IDs and codes come either way.
func ParseInt(b []byte) (int64, bool) {
	switch KindOf(b) {
	case Number:
		n, err := strconv.ParseInt(string(trimSpace(b)), 10, 64)
		return n, err == nil
	case String:
		s, ok := Unquote(b)
		if !ok {
			return 0, false
		}
		n, err := strconv.ParseInt(s, 10, 64)
		return n, err == nil
	}
	return 0, false
}

func trimSpace(b []byte) []byte {
	i := skipSpace(b, 0)
	j := len(b)
	for j > i && isSpace(b[j-1]) {
		j--
	}
	return b[i:j]
}
