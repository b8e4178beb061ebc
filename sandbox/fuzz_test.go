package sandbox

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
)

// FuzzCallParameters drives a call body through everything that decides
// whether a call is executed: decoding, _variables substitution, cursor
// extraction and JSON-schema validation. It must never panic, a refusal
// must name offending parameters with a message, and an accepted set of
// arguments must stay accepted after a JSON round trip.
//
//	go test -fuzz FuzzCallParameters ./sandbox
//
// The seed corpus is in testdata/fuzz/FuzzCallParameters.
func FuzzCallParameters(f *testing.F) {
	s, err := New(Options{Memory: true, Logger: quiet()})
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	// One connected account per app, so validation is reached.
	for _, a := range s.cat.apps {
		if a.Auth != AuthNone {
			if _, err := s.st.connect("fuzz", a, "f", "F", "SG.fuzz", s.now(), DefaultTokenTTL); err != nil {
				f.Fatal(err)
			}
		}
	}
	f.Add(uint8(0), []byte(`{"channel":"general","text":"hi"}`))
	f.Add(uint8(3), []byte(`{"name":"Sample contact","owner_id":22469411,"emails":["a@b.c"]}`))
	f.Add(uint8(4), []byte(`{"limit":2,"next_page":"eyJzdGFydCI6Mn0"}`))
	f.Add(uint8(2), []byte(`{"email":"{e}","properties":{"company":1},"_variables":{"e":"x@y.z"}}`))
	f.Add(uint8(7), []byte(`{"title":"t","currency":"EUR","value":1e400}`))
	f.Add(uint8(9), []byte(`null`))
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		fn := s.cat.fns[int(which)%len(s.cat.fns)]
		args, err := decodeArgs(body)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("a decode error needs a message")
			}
			return
		}
		req := httptest.NewRequest("POST", "/functions/"+fn.Name+"/call/", nil)
		cr, refusal := s.prepareCall(req, "fuzz", fn, args)
		switch d := refusal.(type) {
		case nil:
			if cr == nil || cr.args == nil {
				t.Fatal("accepted without arguments")
			}
			again, err := decodeArgs(mustMarshal(cr.args))
			if err != nil {
				t.Fatalf("accepted arguments do not round-trip: %v", err)
			}
			if errs := fn.schema.validate(again); errs != nil {
				t.Fatalf("accepted %s, then refused it after a round trip: %v", mustMarshal(cr.args), errs)
			}
		case map[string]string:
			if len(d) == 0 {
				t.Fatal("a refusal without details")
			}
			for k, v := range d {
				if k == "" || v == "" {
					t.Fatalf("empty key or message in %v", d)
				}
			}
			if _, err := json.Marshal(map[string]any{"error": msgInvalidInput, "error_details": d}); err != nil {
				t.Fatal(err)
			}
		case []string:
			t.Fatalf("every app is connected, yet: %v", d)
		default:
			t.Fatalf("refusal of type %T", refusal)
		}
	})
}
