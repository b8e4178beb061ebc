package main

import (
	"testing"

	"github.com/integry-go/integry/internal/jsonx"
	"github.com/integry-go/integry/sdk"
)

func reader(t *testing.T, js string) *optionReader {
	t.Helper()
	v, err := jsonx.Parse([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	return &optionReader{o: v, what: "options"}
}

// Options read as their types say; absent and null read as nothing.
func TestOptionReadersReadTheirTypes(t *testing.T) {
	r := reader(t, `{"s":"text","b":true,"l":["a","b"],"o":{"k":1},"n":12,"q":" 34 ","z":null}`)
	if r.str("s") != "text" || !r.flag("b") || len(r.strs("l")) != 2 || string(r.object("o")) != `{"k":1}` ||
		r.id("n") != "12" || r.id("q") != "34" {
		t.Fatalf("readers: %v", r.err)
	}
	if r.str("z") != "" || r.flag("z") || r.strs("z") != nil || r.object("z") != nil || r.id("z") != "" ||
		r.str("absent") != "" || r.id("absent") != "" {
		t.Fatalf("null and absent: %v", r.err)
	}
	if r.err != nil {
		t.Fatal(r.err)
	}
}

// A member of another type is invalid_argument naming it, as a positional
// argument of that type would be; the first refusal is the one reported.
func TestOptionReadersRefuseOtherTypes(t *testing.T) {
	for _, c := range []struct {
		js   string
		read func(*optionReader)
		want string
	}{
		{`{"k":1}`, func(r *optionReader) { r.str("k") }, "options.k must be a string, not a number"},
		{`{"k":"true"}`, func(r *optionReader) { r.flag("k") }, "options.k must be a boolean, not a string"},
		{`{"k":"a"}`, func(r *optionReader) { r.strs("k") }, "options.k must be an array, not a string"},
		{`{"k":["a",2]}`, func(r *optionReader) { r.strs("k") }, "options.k must be an array of strings, not a number"},
		{`{"k":[]}`, func(r *optionReader) { r.object("k") }, "options.k must be an object, not an array"},
		{`{"k":true}`, func(r *optionReader) { r.id("k") }, "options.k must be a string or a number, not a boolean"},
		{`{"k":"abc"}`, func(r *optionReader) { r.id("k") }, "options.k must be a positive integer"},
		{`{"k":-4}`, func(r *optionReader) { r.id("k") }, "options.k must be a positive integer"},
		{`{"k":1.5}`, func(r *optionReader) { r.id("k") }, "options.k must be a positive integer"},
		{`{"k":1e400}`, func(r *optionReader) { r.id("k") }, "options.k must be a positive integer"},
		{`{"k":1,"j":2}`, func(r *optionReader) { r.str("k"); r.str("j") }, "options.k must be a string, not a number"},
	} {
		r := reader(t, c.js)
		c.read(r)
		if sdk.CodeOf(r.err) != sdk.CodeInvalidArgument || r.err.(*sdk.Error).Message != c.want {
			t.Errorf("%s: %v, want invalid_argument %q", c.js, r.err, c.want)
		}
	}
}

// showFunction's options.connectedAccountId and invokeFunction's
// connectedAccountId follow one rule (sdk.AccountID): what one refuses, the
// other refuses.
func TestAccountIDOptionFollowsThePositionalRule(t *testing.T) {
	for _, id := range []string{"0", "-1", "x", "1.5"} {
		r := reader(t, `{"connectedAccountId":`+jsonx.Quote(id)+`}`)
		r.id("connectedAccountId")
		_, want := sdk.AccountID("connectedAccountId", id)
		if (r.err == nil) != (want == nil) {
			t.Errorf("%q: option %v, positional %v", id, r.err, want)
		}
	}
}

// A flow's or an integration's ID option (renderFlowSetupForm's flowId,
// renderAppFlows' appId) reads as a number whether the page passed a number
// or a string of digits; absent or null is 0, and a refused one is 0 with
// the refusal kept (docs/flows.md#ours).
func TestIDOptionsReadAsNumbers(t *testing.T) {
	r := reader(t, `{"flowId": "7101", "appId": 512, "integrationId": null}`)
	if got := r.num("flowId"); got != 7101 {
		t.Errorf("flowId \"7101\" reads %d, want 7101", got)
	}
	if got := r.num("appId"); got != 512 {
		t.Errorf("appId 512 reads %d, want 512", got)
	}
	if got := r.num("integrationId"); got != 0 || r.err != nil {
		t.Errorf("a null integrationId reads %d (%v), want 0 and no refusal", got, r.err)
	}
	bad := reader(t, `{"flowId": "seven"}`)
	if got := bad.num("flowId"); got != 0 || bad.err == nil {
		t.Errorf("flowId \"seven\" reads %d (%v), want 0 and a refusal", got, bad.err)
	}
}
