package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/integry-go/integry/sdk"
)

// TestWireDataSource checks the data-source request against what the
// official SDK's dropdown and custom-fields sub-form send: POST to the URL
// with app_key, hash, user_id, then integry_lang (dropdowns only), the
// source's query parameters, connected_account_id and
// allow_workspace_connected_accounts where they apply; the body as given;
// built-in-function-id only when named. Nothing more.
func TestWireDataSource(t *testing.T) {
	t.Parallel()
	answers := map[string]canned{
		"POST /functions/slack-list-conversations/call/": {200, `{"network_code":"200","output":[{"id":"C1","name":"general"}],"_cursor":"eyJ"}`, nil},
		"POST /custom/fields":                            {200, `[{"id":"company","title":"Company"}]`, nil},
		"POST /gone":                                     {404, `{"detail":"Not found."}`, nil},
	}
	c, rec := newRecorded(t, answers, func(cfg *sdk.Config) { cfg.Lang = "pt-BR" })
	ctx := t.Context()

	body, err := c.DataSource(ctx, sdk.DataSourceRequest{
		URL: "https://api.test/functions/slack-list-conversations/call/", Body: []byte(`{"limit":20}`), Lang: true,
		ConnectedAccountID: "7", Query: [][2]string{{"team", "a b"}},
	})
	require.NoError(t, err)
	require.JSONEq(t, `{"network_code":"200","output":[{"id":"C1","name":"general"}],"_cursor":"eyJ"}`, string(body.JSON()))
	_, err = c.DataSource(ctx, sdk.DataSourceRequest{
		URL: "/functions/slack-list-conversations/call/", Body: []byte(`{"limit":20,"_cursor":"eyJ"}`), Lang: true,
		AllowWorkspace: true, BuiltInFunctionID: "42",
	})
	require.NoError(t, err)
	_, err = c.DataSource(ctx, sdk.DataSourceRequest{URL: "https://app.test/custom/fields?kind=contact#x"})
	require.NoError(t, err)
	golden(t, "requests/data-source.golden", rec.dump())

	_, err = c.DataSource(ctx, sdk.DataSourceRequest{URL: "https://api.test/gone"})
	require.Equal(t, sdk.CodeNotFound, errCode(t, err))
	for _, bad := range []sdk.DataSourceRequest{
		{URL: "javascript:alert(1)"}, {URL: "relative/path"}, {URL: "//host/x"},
		{URL: "https://api.test/x", Body: []byte(`[1]`)},
	} {
		_, err := c.DataSource(ctx, bad)
		require.Equal(t, sdk.CodeInvalidArgument, errCode(t, err), "%+v", bad)
	}
}
