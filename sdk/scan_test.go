package sdk

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

var scanCases = []string{
	`{}`, ` { } `, `{"a":1}`, `{"a":[1,2,{"b":null}],"c":"x\"y","d":true,"e":false}`,
	`{"n":-0.5e+10,"m":0,"o":1E3}`, `{"u":"\u00e9\n"}`, `{"k":"日本"}`,
	``, `[]`, `{`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":1}x`, `{"a":01}`, `{"a":1.}`,
	`{"a":-}`, `{"a":1e}`, `{"a":tru}`, `{"a":"\x"}`, `{"a":"\u12"}`, "{\"a\":\"\x01\"}",
	`{"a":[1 2]}`, `{"a":{"b" 1}}`, `<html>`, `{"a":"unterminated}`, `{"a":[}`, `null`,
}

// TestEachMemberAgreesWithEncodingJSON: the scanner accepts exactly the JSON
// objects encoding/json accepts, and sees the same top-level members.
func TestEachMemberAgreesWithEncodingJSON(t *testing.T) {
	for _, in := range scanCases {
		checkScan(t, in)
	}
	deep := strings.Repeat("[", 10001) + strings.Repeat("]", 10001)
	if eachMember([]byte(`{"a":`+deep+`}`), func(string, []byte) {}) == nil {
		t.Error("nesting beyond 10000 levels must fail")
	}
}

func FuzzEachMember(f *testing.F) {
	for _, in := range scanCases {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in string) { checkScan(t, in) })
}

func checkScan(t *testing.T, in string) {
	t.Helper()
	got := map[string]string{}
	err := eachMember([]byte(in), func(k string, v []byte) {
		var decoded string // keys come as written; decode them as encoding/json does
		if json.Unmarshal([]byte(`"`+k+`"`), &decoded) != nil {
			t.Fatalf("eachMember(%q) gave the key %q, which is not a JSON string body", in, k)
		}
		got[decoded] = string(v)
	})
	var want map[string]json.RawMessage
	werr := json.Unmarshal([]byte(in), &want)
	isObject := strings.HasPrefix(strings.TrimLeft(in, " \t\r\n"), "{")
	if (err == nil) != (werr == nil && isObject) {
		t.Fatalf("eachMember(%q) err = %v, encoding/json err = %v", in, err, werr)
	}
	if err != nil || !utf8.ValidString(in) {
		return // encoding/json rewrites invalid UTF-8 in keys; only validity compares
	}
	for k, v := range want {
		if strings.TrimSpace(got[k]) != strings.TrimSpace(string(v)) {
			t.Fatalf("eachMember(%q)[%q] = %q, want %q", in, k, got[k], v)
		}
	}
}

func TestDecodeCallResultShapes(t *testing.T) {
	for body, want := range map[string]string{
		`{"network_code":"200","output":[],"next_page":"c1"}`: "executed 200 c1",
		`{"network_code":201,"output":{},"_cursor":"c2"}`:     "executed 201 c2",
		`{"network_code":"200","output":[],"next_page":null}`: "executed 200 ",
		`{"error":"bad","error_details":["x"]}`:               "refused bad",
		`{"error":{"code":1},"error_details":{}}`:             `refused {"code":1}`,
		`{"network_code":true,"output":1}`:                    "invalid",
		`{"detail":"nope"}`:                                   "invalid",
		`{"network_code":"200"`:                               "invalid",
	} {
		r, ok := decodeCallResult([]byte(body))
		got := "invalid"
		switch {
		case ok && r.Executed:
			got = "executed " + r.NetworkCode + " " + r.NextPage
		case ok:
			got = "refused " + r.Error
		}
		if got != want {
			t.Errorf("decodeCallResult(%s) = %q, want %q", body, got, want)
		}
	}
}
