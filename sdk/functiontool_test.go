package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/require"

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
	require.NoError(t, err)
	require.JSONEq(t, `{"json_schema":{"type":"function","function":{"name":"slack-post-message","description":"Post",`+
		`"parameters":{"type":"object","properties":{"text":{"type":"string"},"2":{"type":"string"},"channel":{"type":"string"}},"required":["text"]}}},`+
		`"meta":{"id":7,"version":"1.0","connected_account_id":null,"form_page_machine_name":null,"name":"slack-post-message",`+
		`"title":"Post a message","app_name":"Slack","app_icon_url":"https://x/s.png","ai_assisted_fields":[]},`+
		`"default_arguments":{},"parameters_visible_to_user":{}}`, string(got))

	// Helpers.getFunctionTools: every parameter is AI-assisted, in
	// Object.keys order (array indices first), with an empty default.
	got, err = sdk.FunctionTool([]byte(sig), true)
	require.NoError(t, err)
	require.Contains(t, string(got), `"ai_assisted_fields":["2","text","channel"]`)
	require.Contains(t, string(got), `"default_arguments":{"2":"","text":"","channel":""}`)
}

// An activity's meta adds its identifiers; a plain type does not.
func TestFunctionToolOfAnActivity(t *testing.T) {
	t.Parallel()
	got, err := sdk.FunctionTool([]byte(`{"name":"a","meta":{"type":"ACTIVITY","endpoint_id":3}}`), false)
	require.NoError(t, err)
	require.Contains(t, string(got), `"ai_assisted_fields":[],"type":"ACTIVITY","endpoint_id":3}`)
	got, err = sdk.FunctionTool([]byte(`{"name":"a","meta":{"type":"ACTION"}}`), false)
	require.NoError(t, err)
	require.NotContains(t, string(got), `"type":"ACTION"`)
	got, err = sdk.FunctionTool([]byte(`{"name":"a","meta":{"type":"ACTION","session_id":null}}`), false)
	require.NoError(t, err)
	require.Contains(t, string(got), `"type":"ACTION","session_id":null}`)
}

func TestFunctionToolRefusesWhatIsNoFunction(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`"x"`, `[1]`, `{`} {
		_, err := sdk.FunctionTool([]byte(in), false)
		require.Equal(t, sdk.CodeInvalidArgument, sdk.CodeOf(err), in)
	}
	got, err := sdk.FunctionTool([]byte(`null`), true)
	require.NoError(t, err)
	require.Contains(t, string(got), `"json_schema":{"type":"function","function":null}`)
	got, err = sdk.FunctionTool(nil, true) // undefined
	require.NoError(t, err)
	require.JSONEq(t, `{"json_schema":{"type":"function"},"meta":{"connected_account_id":null,"form_page_machine_name":null,"ai_assisted_fields":[]},"default_arguments":{},"parameters_visible_to_user":{}}`, string(got))
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
	require.NoError(t, err)
	require.Equal(t, 204, r.Status)
	require.Nil(t, r.Data)
	require.Equal(t, []any{sdk.RemovedAuthorization{AuthorizationID: 2}}, got)
	_, err = c.RemoveAuthorization(t.Context(), "x")
	require.Equal(t, sdk.CodeInvalidArgument, sdk.CodeOf(err))
	_, err = c.RemoveAuthorization(t.Context(), "3")
	require.Error(t, err)
	require.Len(t, got, 1)
}
