package sandbox_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/integry-go/integry/sandbox/sandboxtest"
)

// The seed, a reference of the official JS SDK with sample answers, is not
// part of the repository: it is read from INTEGRY_SEED, else from
// shared/seed/ beside the repository's folder. These tests compare the
// sandbox's answers with its samples, so they skip where it is absent; what
// the samples show is written down in docs/protocol.md.
func seed(t *testing.T) string {
	t.Helper()
	p := os.Getenv("INTEGRY_SEED")
	if p == "" {
		p = filepath.Join("..", "..", "shared", "seed", "integry-js-sdk-reference.txt")
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Skipf("seed not found (%v); set INTEGRY_SEED", err)
	}
	return string(b)
}

// seedJSON returns the first JSON value in the seed after marker, compacted
// with its key order kept.
func seedJSON(t *testing.T, marker string) []byte {
	t.Helper()
	s := seed(t)
	i := strings.Index(s, marker)
	if i < 0 {
		t.Fatalf("marker %q not in the seed", marker)
	}
	s = s[i+len(marker):]
	s = s[strings.Index(s, "{"):]
	var raw json.RawMessage
	if err := json.NewDecoder(strings.NewReader(s)).Decode(&raw); err != nil {
		t.Fatalf("seed JSON after %q: %v", marker, err)
	}
	return compact(t, raw)
}

func compact(t *testing.T, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := json.Compact(&out, b); err != nil {
		t.Fatalf("compact %q: %v", b, err)
	}
	return out.Bytes()
}

// keys lists an object's keys in order.
func keys(t *testing.T, b []byte) []string {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("%s is not an object", b)
	}
	var out []string
	for d.More() {
		k, _ := d.Token()
		out = append(out, k.(string))
		var skip json.RawMessage
		d.Decode(&skip)
	}
	return out
}

func TestGetFunctionReturnsTheSeedSignatureFieldForField(t *testing.T) {
	want := seedJSON(t, "This method returns a result object with the function's signature.")
	sb := sandboxtest.New(t)
	r := api(t, sb, "u1", "GET", "/functions/slack-post-message/get/", "")
	wantStatus(t, r, 200)
	if got := compact(t, r.body); !bytes.Equal(got, want) {
		t.Fatalf("signature\n %s\nwant (seed)\n %s", got, want)
	}
}

func TestCallResultsMatchTheSeedSamples(t *testing.T) {
	created := seedJSON(t, "Outcome: Person was created")
	validation := seedJSON(t, "Outcome: Validation error")
	notConnected := seedJSON(t, "Outcome: Error -- app was not connected")
	missing := seedJSON(t, "Outcome: Error -- required parameter was missing")
	sb := sandboxtest.New(t)

	r := api(t, sb, "u1", "POST", "/functions/pipedrive-add-a-person/call/", `{"name":"Sample contact"}`)
	wantStatus(t, r, 400)
	if got := compact(t, r.body); !bytes.Equal(got, notConnected) {
		t.Errorf("not connected:\n %s\nwant\n %s", got, notConnected)
	}

	sb.Connect(t, "u1", "pipedrive", "jane@acme.com")
	r = api(t, sb, "u1", "POST", "/functions/pipedrive-add-a-person/call/", `{}`)
	wantStatus(t, r, 400)
	if got := compact(t, r.body); !bytes.Equal(got, missing) {
		t.Errorf("missing parameter:\n %s\nwant\n %s", got, missing)
	}

	r = api(t, sb, "u1", "POST", "/functions/pipedrive-add-a-person/call/", `{"name":"Sample contact","owner_id":1}`)
	wantStatus(t, r, 200)
	if got := compact(t, r.body); !bytes.Equal(got, validation) {
		t.Errorf("validation error:\n %s\nwant\n %s", got, validation)
	}

	r = api(t, sb, "u1", "POST", "/functions/pipedrive-add-a-person/call/", `{"name":"Sample contact"}`)
	wantStatus(t, r, 200)
	var got, exp struct {
		NetworkCode string          `json:"network_code"`
		Output      json.RawMessage `json:"output"`
	}
	json.Unmarshal(r.body, &got)
	json.Unmarshal(created, &exp)
	if got.NetworkCode != exp.NetworkCode || strings.Join(keys(t, r.body), ",") != strings.Join(keys(t, created), ",") {
		t.Fatalf("created: %s\nwant the shape of %s", r.body, created)
	}
	if g, e := strings.Join(keys(t, got.Output), ","), strings.Join(keys(t, exp.Output), ","); g != e {
		t.Fatalf("output keys %s, want %s", g, e)
	}
	var gd, ed struct {
		Data json.RawMessage `json:"data"`
	}
	json.Unmarshal(got.Output, &gd)
	json.Unmarshal(exp.Output, &ed)
	if g, e := strings.Join(keys(t, gd.Data), ","), strings.Join(keys(t, ed.Data), ","); g != e {
		t.Fatalf("person keys %s, want %s", g, e)
	}
	var person map[string]any
	json.Unmarshal(gd.Data, &person)
	if person["name"] != "Sample contact" || person["first_name"] != "Sample" || person["last_name"] != "contact" || person["owner_id"] != float64(22469411) {
		t.Fatalf("person %v", person)
	}
}
