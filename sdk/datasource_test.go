package sdk_test

import (
	"testing"

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
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(body.JSON()), `{"network_code":"200","output":[{"id":"C1","name":"general"}],"_cursor":"eyJ"}`; got != want {
		t.Errorf("the answer reads %s, want it as the server sent it: %s", got, want)
	}
	_, err = c.DataSource(ctx, sdk.DataSourceRequest{
		URL: "/functions/slack-list-conversations/call/", Body: []byte(`{"limit":20,"_cursor":"eyJ"}`), Lang: true,
		AllowWorkspace: true, BuiltInFunctionID: "42",
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err = c.DataSource(ctx, sdk.DataSourceRequest{URL: "https://app.test/custom/fields?kind=contact#x"}); err != nil {
		t.Fatal(err)
	}
	golden(t, "requests/data-source.golden", rec.dump())

	if _, err = c.DataSource(ctx, sdk.DataSourceRequest{URL: "https://api.test/gone"}); sdk.CodeOf(err) != sdk.CodeNotFound {
		t.Errorf("a 404 source: %v, want not_found", err)
	}
	for _, bad := range []sdk.DataSourceRequest{
		{URL: "javascript:alert(1)"}, {URL: "relative/path"}, {URL: "//host/x"},
		{URL: "https://api.test/x", Body: []byte(`[1]`)},
	} {
		if _, err := c.DataSource(ctx, bad); sdk.CodeOf(err) != sdk.CodeInvalidArgument {
			t.Errorf("%+v: %v, want invalid_argument before any request", bad, err)
		}
	}
}
