package sdk_test

import (
	"testing"

	"github.com/integry-go/integry/sdk"
)

const appJSON = `{"id":410,"name":"pipedrive","title":"Pipedrive","icon_url":"","docs_url":"","login_url":"https://app.test/sandbox/login/pipedrive/","allow_multiple_connected_accounts":true,
 "connected_accounts":[{"id":1,"display_name":"old","modified_at":"2024-01-01T00:00:00Z"},{"id":2,"display_name":"new","modified_at":"2024-11-10T23:28:58Z"}]}`

var wireAnswers = map[string]canned{
	"GET /verify-sdk-config/":                  {200, `{"config_verified":true,"meta":{"app":{"name":"Acme"},"storage":{}}}`, nil},
	"POST /apps/pipedrive/get/":                {200, appJSON, nil},
	"POST /apps/list/":                         {200, `{"apps":[` + appJSON + `],"_cursor":null,"count":1}`, nil},
	"DELETE /connected-accounts/2":             {204, ``, nil},
	"POST /functions/list/":                    {200, `{"functions":[{"name":"slack-post-message","description":"d","parameters":{}}],"_cursor":null}`, nil},
	"GET /functions/slack-post-message/get/":   {200, `{"name":"slack-post-message","description":"d","parameters":{"type":"object"}}`, nil},
	"POST /functions/slack-post-message/get/":  {200, `{"name":"slack-post-message","description":"d","parameters":{"type":"object"},"meta":{"ui":{"title":"Post"}}}`, nil},
	"POST /functions/slack-post-message/call/": {200, `{"network_code":"200","output":{"ok":true}}`, sdk.Header{"X-Credits": "3"}},
}

// TestWireRequests checks every request against the golden record of what the
// official SDK sends: credentials in the query in the order app_key, hash,
// user_id with form encoding; Accept-Language always; Content-Type only with
// a body; trailing slashes as the official SDK writes them; no "//" from a
// trailing-slash base (docs/protocol.md#requests and
// docs/protocol.md#differs-base-url-slashes).
func TestWireRequests(t *testing.T) {
	t.Parallel()
	c, rec := newRecorded(t, wireAnswers, func(cfg *sdk.Config) { cfg.Lang = "ES"; cfg.DeploymentID = "dep-1" })
	ctx := t.Context()

	_, err := c.VerifyConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetApp(ctx, "pipedrive")
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListApps(ctx, &sdk.ListAppsOptions{Search: "pipe drive", ConnectedOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteConnectedAccount(ctx, "2", false); err != nil {
		t.Fatalf("c.DeleteConnectedAccount(ctx, \"2\", false): %v", err)
	}
	_, err = c.ListFunctions(ctx, &sdk.ListFunctionsOptions{App: "slack", Type: "ACTION", IncludeMeta: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetFunction(ctx, "slack-post-message", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetFunction(ctx, "slack-post-message", &sdk.GetFunctionOptions{IncludeMeta: true, Version: "2", AllowWorkspace: true, Variables: []byte(`{"ws":"a"}`)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CallFunction(ctx, "slack-post-message", []byte(`{"channel":"general","text":"hi"}`), &sdk.CallOptions{ConnectedAccountID: "2", Version: "2"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CallFunction(ctx, "slack-post-message", nil, &sdk.CallOptions{AllowWorkspace: true, Variables: []byte(`{}`)})
	if err != nil {
		t.Fatal(err)
	}

	golden(t, "requests/query-auth.golden", rec.dump())
}

// TestWireHeaderAuth sends the same credentials as App-Key, Hash and User-ID
// headers, as the REST reference documents, and none in the query.
func TestWireHeaderAuth(t *testing.T) {
	t.Parallel()
	c, rec := newRecorded(t, wireAnswers, func(cfg *sdk.Config) { cfg.HeaderAuth = true }, sdk.WithUserAgent("integry-go-test"))
	_, err := c.GetApp(t.Context(), "pipedrive")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteConnectedAccount(t.Context(), "2", true); err != nil {
		t.Fatalf("c.DeleteConnectedAccount(t.Context(), \"2\", true): %v", err)
	}
	golden(t, "requests/header-auth.golden", rec.dump())
}

func TestCallResultKeepsCreditsAndTheBody(t *testing.T) {
	t.Parallel()
	c, _ := newRecorded(t, wireAnswers, nil)
	res, err := c.CallFunction(t.Context(), "slack-post-message", []byte(`{}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !(res.Executed) {
		t.Fatalf("want res.Executed")
	}
	if res.NetworkCode != "200" {
		t.Fatalf("res.NetworkCode = %v, want %v", res.NetworkCode, "200")
	}
	if res.Credits != 3 {
		t.Fatalf("res.Credits = %v, want %v", res.Credits, 3)
	}
	jsonEq(t, `{"network_code":"200","output":{"ok":true}}`, res.Doc)
	jsonEq(t, `{"ok":true}`, res.Output)
}

func TestAccountsAreSortedNewestFirst(t *testing.T) {
	t.Parallel()
	c, _ := newRecorded(t, wireAnswers, nil)
	accs, err := c.ConnectedAccounts(t.Context(), "pipedrive")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(accs); n != 2 {
		t.Fatalf("len(accs) = %d, want %d", n, 2)
	}
	if want := int64(2); accs[0].ID != want {
		t.Fatalf("newest first: accs[0].ID = %v, want %v", accs[0].ID, want)
	}

	page, err := c.ListApps(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(2); page.Apps[0].ConnectedAccounts[0].ID != want {
		t.Fatalf("page.Apps[0].ConnectedAccounts[0].ID = %v, want %v", page.Apps[0].ConnectedAccounts[0].ID, want)
	}

	ok, err := c.IsAppConnected(t.Context(), "pipedrive")
	if err != nil {
		t.Fatal(err)
	}
	if !(ok) {
		t.Fatalf("want ok")
	}
}

func TestVerificationKeepsTheWholeBody(t *testing.T) {
	t.Parallel()
	c, _ := newRecorded(t, wireAnswers, nil)
	v, err := c.VerifyConfig(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if v.AppName != "Acme" {
		t.Fatalf("v.AppName = %v, want %v", v.AppName, "Acme")
	}
	jsonEq(t, `{"config_verified":true,"meta":{"app":{"name":"Acme"},"storage":{}}}`, v.Doc)
}
