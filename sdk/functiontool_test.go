package sdk_test

import (
	"strings"
	"testing"

	"github.com/integry-go/integry/sdk"
)

// The tool of a signature with meta: every "meta" member is gone from
// json_schema.function at any depth, and meta carries the function's
// identity (docs/protocol.md#function-tools).
func TestFunctionToolOfASignature(t *testing.T) {
	t.Parallel()
	sig := `{"name":"slack-post-message","description":"Post","parameters":{"type":"object",` +
		`"properties":{"text":{"type":"string","meta":{"ui":{}}},"2":{"type":"string"},"channel":{"type":"string"}},"required":["text"]},` +
		`"meta":{"id":7,"version":"1.0","ui":{"title":"Post a message"},"app":{"title":"Slack","icon_url":"https://x/s.png"}}}`
	got, err := sdk.FunctionTool([]byte(sig), false)
	if err != nil {
		t.Fatal(err)
	}
	jsonEq(t, `{"json_schema":{"type":"function","function":{"name":"slack-post-message","description":"Post",`+
		`"parameters":{"type":"object","properties":{"text":{"type":"string"},"2":{"type":"string"},"channel":{"type":"string"}},"required":["text"]}}},`+
		`"meta":{"id":7,"version":"1.0","connected_account_id":null,"form_page_machine_name":null,"name":"slack-post-message",`+
		`"title":"Post a message","app_name":"Slack","app_icon_url":"https://x/s.png","ai_assisted_fields":[]},`+
		`"default_arguments":{},"parameters_visible_to_user":{}}`, got)

	// Helpers.getFunctionTools: every parameter is AI-assisted, in
	// Object.keys order (array indices first), with an empty default.
	got, err = sdk.FunctionTool([]byte(sig), true)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"ai_assisted_fields":["2","text","channel"]`, `"default_arguments":{"2":"","text":"","channel":""}`} {
		if !strings.Contains(string(got), want) {
			t.Errorf("helper tool %s lacks %s", got, want)
		}
	}
}

// An activity's meta adds its identifiers; a plain type does not.
func TestFunctionToolOfAnActivity(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		sig, want string
		has       bool
	}{
		{`{"name":"a","meta":{"type":"ACTIVITY","endpoint_id":3}}`, `"ai_assisted_fields":[],"type":"ACTIVITY","endpoint_id":3}`, true},
		{`{"name":"a","meta":{"type":"ACTION"}}`, `"type":"ACTION"`, false},
		{`{"name":"a","meta":{"type":"ACTION","session_id":null}}`, `"type":"ACTION","session_id":null}`, true},
	} {
		got, err := sdk.FunctionTool([]byte(c.sig), false)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(got), c.want) != c.has {
			t.Errorf("tool of %s = %s; want it to contain %s: %v", c.sig, got, c.want, c.has)
		}
	}
}

func TestFunctionToolRefusesWhatIsNoFunction(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`"x"`, `[1]`, `{`} {
		if _, err := sdk.FunctionTool([]byte(in), false); sdk.CodeOf(err) != sdk.CodeInvalidArgument {
			t.Errorf("FunctionTool(%s) = %v, want invalid_argument", in, err)
		}
	}
	got, err := sdk.FunctionTool([]byte(`null`), true)
	if err != nil || !strings.Contains(string(got), `"json_schema":{"type":"function","function":null}`) {
		t.Errorf("tool of null = %s, %v; want function: null", got, err)
	}
	got, err = sdk.FunctionTool(nil, true) // undefined
	if err != nil {
		t.Fatal(err)
	}
	jsonEq(t, `{"json_schema":{"type":"function"},"meta":{"connected_account_id":null,"form_page_machine_name":null,"ai_assisted_fields":[]},"default_arguments":{},"parameters_visible_to_user":{}}`, got)
}

// removeAuthorization deletes by ID, resolves the status and emits
// did-remove-authorization with the ID as a number; a bad ID is refused
// before any request.
func TestRemoveAuthorization(t *testing.T) {
	t.Parallel()
	c, _ := newRecorded(t, wireAnswers, nil)
	var got []any
	c.Events().On(sdk.EventDidRemoveAuthorization, func(p any) { got = append(got, p) })
	r, err := c.RemoveAuthorization(t.Context(), "2")
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != 204 || r.Data != nil {
		t.Errorf("resolved %d %v, want 204 and no data", r.Status, r.Data)
	}
	if len(got) != 1 || got[0] != (sdk.RemovedAuthorization{AuthorizationID: 2}) {
		t.Errorf("events %v, want one did-remove-authorization {2}", got)
	}
	if _, err = c.RemoveAuthorization(t.Context(), "x"); sdk.CodeOf(err) != sdk.CodeInvalidArgument {
		t.Errorf("ID x: %v, want invalid_argument", err)
	}
	if _, err = c.RemoveAuthorization(t.Context(), "3"); err == nil {
		t.Error("a failed removal resolved")
	}
	if len(got) != 1 {
		t.Errorf("%d events, want the one of the removal that succeeded", len(got))
	}
}
