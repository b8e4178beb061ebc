package jsonx

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// seeds are the inputs the tests and the fuzz targets start from: valid and
// broken JSON of every kind.
var seeds = []string{
	`{}`, ` { } `, `{"a":1}`, `{"a":[1,2,{"b":null}],"c":"x\"y","d":true,"e":false}`,
	`{"n":-0.5e+10,"m":0,"o":1E3}`, `{"u":"\u00e9\n"}`, `{"k":"日本"}`, `{"a":1,"a":2}`,
	`[]`, `[1, "two", [3], {"4": 4}]`, `"str"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\u2028<>&"`,
	`0`, `-1.5`, `true`, `null`, "\"\xff\"", "{\"\xffk\":1}",
	``, ` `, `{`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":1}x`, `{"a":01}`, `{"a":1.}`,
	`{"a":-}`, `{"a":1e}`, `{"a":tru}`, `{"a":"\x"}`, `{"a":"\u12"}`, "{\"a\":\"\x01\"}",
	`{"a":[1 2]}`, `{"a":{"b" 1}}`, `<html>`, `{"a":"unterminated}`, `{"a":[}`, `[1,]`, `[,1]`,
	`{,}`, `{"a":1 "b":2}`, `nul`, `-`, `1.2.3`,
}

// TestAgreesWithEncodingJSON: what Valid accepts is what encoding/json
// accepts (below MaxDepth), and Parse, Members and Items see the same values.
func TestAgreesWithEncodingJSON(t *testing.T) {
	for _, in := range seeds {
		check(t, in)
	}
}

func FuzzAgreesWithEncodingJSON(f *testing.F) {
	for _, in := range seeds {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in string) { check(t, in) })
}

func check(t *testing.T, in string) {
	t.Helper()
	b := []byte(in)
	err := Valid(b)
	if errors.Is(err, ErrDepth) {
		return // encoding/json allows 10000 levels; we stop at MaxDepth
	}
	if (err == nil) != json.Valid(b) {
		t.Fatalf("Valid(%q) = %v, json.Valid = %v", in, err, json.Valid(b))
	}
	if err != nil {
		if _, perr := Parse(b); perr == nil {
			t.Fatalf("Parse(%q) accepted invalid JSON", in)
		}
		return
	}
	want, err := decode(b)
	if err != nil {
		t.Fatal(err)
	}
	v, err := Parse(b)
	if err != nil {
		t.Fatalf("Parse(%q): %v", in, err)
	}
	got, err := decode(v.JSON())
	if err != nil {
		t.Fatalf("Parse(%q).JSON() = %s: not JSON: %v", in, v.JSON(), err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Parse(%q).JSON() = %s, decodes to %#v, want %#v", in, v.JSON(), got, want)
	}
	if k := KindOf(b); k != v.Kind {
		t.Fatalf("KindOf(%q) = %v, Parse says %v", in, k, v.Kind)
	}
	switch v.Kind {
	case Object:
		// Members lists the object as written; Parse keeps each key once,
		// the last value at the first position (docs/design.md#duplicate-keys).
		ms, err := Members(b)
		if err != nil {
			t.Fatalf("Members(%q): %v", in, err)
		}
		var keys []string
		last := map[string][]byte{}
		for _, m := range ms {
			if _, seen := last[m.Key]; !seen {
				keys = append(keys, m.Key)
			}
			last[m.Key] = m.Value
		}
		if len(keys) != len(v.Fields) {
			t.Fatalf("Members(%q) has %d keys; Parse kept %d", in, len(keys), len(v.Fields))
		}
		for i, k := range keys {
			if f := v.Fields[i]; f.Key != k || !bytes.Equal(f.Value.Raw, last[k]) {
				t.Fatalf("Parse(%q).Fields[%d] = %q: %s; want %q: %s", in, i, f.Key, f.Value.Raw, k, last[k])
			}
		}
		var wantMap map[string]json.RawMessage
		_ = json.Unmarshal(b, &wantMap)
		for k, raw := range wantMap {
			if !bytes.Equal(bytes.TrimSpace(last[k]), bytes.TrimSpace(raw)) {
				t.Fatalf("Members(%q)[%q] = %q, encoding/json %q", in, k, last[k], raw)
			}
			if got := v.Get(k); got == nil || !bytes.Equal(got.Raw, bytes.TrimSpace(raw)) {
				t.Fatalf("Parse(%q).Get(%q) = %v, encoding/json %q", in, k, got, raw)
			}
		}
	case Array:
		items, err := Items(b)
		if err != nil || len(items) != len(v.Items) {
			t.Fatalf("Items(%q) = %d, %v; Parse found %d", in, len(items), err, len(v.Items))
		}
	case String:
		s, ok := Unquote(b)
		if !ok || s != want.(string) {
			t.Fatalf("Unquote(%q) = %q, %v; want %q", in, s, ok, want)
		}
	}
}

// decode is encoding/json's view of b, numbers kept as written.
func decode(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}

// marshal is encoding/json's string encoding without HTML escaping.
func marshal(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

func TestAppendStringIsEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", "a\"b\\c", "\n\r\t\b\f\x00\x1f", "<script>&</script>",
		"\u2028\u2029", "日本語", "\xff\xfe", "é\xc3", "emoji 😀"} {
		if got, want := Quote(s), marshal(s); got != want {
			t.Errorf("Quote(%q) = %s, encoding/json %s", s, got, want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	f.Add("a\"<\u2028\xff")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Quote(s), marshal(s); got != want {
			t.Fatalf("Quote(%q) = %s, encoding/json %s", s, got, want)
		}
	})
}

func TestDepthLimit(t *testing.T) {
	ok := strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
	if err := Valid([]byte(ok)); err != nil {
		t.Fatalf("%d levels: %v", MaxDepth, err)
	}
	for _, deep := range []string{
		strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1),
		`{"a":` + strings.Repeat(`{"b":`, MaxDepth) + `1` + strings.Repeat("}", MaxDepth+1),
		strings.Repeat("[", 50000), // not even closed: the depth is the first failure
	} {
		if err := Valid([]byte(deep)); !errors.Is(err, ErrDepth) {
			t.Errorf("Valid(%.20q…) = %v, want ErrDepth", deep, err)
		}
		if _, err := Parse([]byte(deep)); !errors.Is(err, ErrDepth) {
			t.Errorf("Parse(%.20q…) = %v, want ErrDepth", deep, err)
		}
	}
}

func TestMembersKeepOrderAndEscapes(t *testing.T) {
	ms, err := Members([]byte(` {"z": 1, "a\u00e9": [true], "m": {"x": null}} `))
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, m := range ms {
		got = append(got, m.Key+"="+string(m.Value))
	}
	want := []string{"z=1", "aé=[true]", `m={"x": null}`}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Members = %q, want %q", got, want)
	}
	if _, err := Members([]byte(`[1]`)); !errors.Is(err, ErrNotObject) {
		t.Errorf("Members of an array: %v, want ErrNotObject", err)
	}
	if _, err := Items([]byte(`{}`)); !errors.Is(err, ErrNotArray) {
		t.Errorf("Items of an object: %v, want ErrNotArray", err)
	}
}

func TestGetReturnsTheLastDuplicate(t *testing.T) {
	v, err := Get([]byte(`{"a":1,"b":2,"a":3}`), "a")
	if err != nil || string(v) != "3" {
		t.Fatalf("Get = %s, %v; want 3 (as encoding/json decodes duplicates)", v, err)
	}
	if v, _ := Get([]byte(`{"a":1}`), "b"); v != nil {
		t.Fatalf("Get of a missing key = %s, want nil", v)
	}
}

func TestSetKey(t *testing.T) {
	for _, c := range []struct{ in, key, val, want string }{
		{`{}`, "next_page", `"c1"`, `{"next_page":"c1"}`},
		{`{"limit":5}`, "next_page", `"c1"`, `{"limit":5,"next_page":"c1"}`},
		{`{"next_page":"old","limit":5,"next_page":"older"}`, "next_page", `"c2"`, `{"next_page":"c2","limit":5}`},
		{` {"a" : [1, 2]} `, "_variables", `{}`, `{"a":[1, 2],"_variables":{}}`},
	} {
		got, err := SetKey([]byte(c.in), c.key, []byte(c.val))
		if err != nil || string(got) != c.want {
			t.Errorf("SetKey(%s, %q) = %s, %v; want %s", c.in, c.key, got, err, c.want)
		}
	}
	if _, err := SetKey([]byte(`[1]`), "a", []byte(`1`)); err == nil {
		t.Error("SetKey on an array must fail")
	}
}

func TestTooDeepNamesMaxDepth(t *testing.T) {
	if want := "nested deeper than " + strconv.Itoa(MaxDepth) + " levels"; TooDeep != want {
		t.Errorf("TooDeep = %q, want %q", TooDeep, want)
	}
}

func TestParseInt(t *testing.T) {
	for in, want := range map[string]int64{`12`: 12, `"34"`: 34, ` -5 `: -5} {
		if n, ok := ParseInt([]byte(in)); !ok || n != want {
			t.Errorf("ParseInt(%s) = %d, %v; want %d", in, n, ok, want)
		}
	}
	for _, in := range []string{`1.5`, `"x"`, `null`, `1e3`, `""`} {
		if _, ok := ParseInt([]byte(in)); ok {
			t.Errorf("ParseInt(%s) must fail", in)
		}
	}
}
