package sandbox_test

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/integry-go/integry/sandbox"
	"github.com/integry-go/integry/sandbox/sandboxtest"
	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/sdk/authhash"
	"github.com/integry-go/integry/sdk/nethttp"
)

func TestCredentials(t *testing.T) {
	sb := sandboxtest.New(t)
	user := "ü ser+1" // form encoding: space → +, + → %2B
	ok := sb.URL + "/verify-sdk-config/?" + sb.Query(user)
	for _, tc := range []struct {
		name    string
		url     string
		headers []string
		status  int
		detail  string
	}{
		{"query", ok, nil, 200, ""},
		{"query in any order", sb.URL + "/verify-sdk-config/?user_id=" + url.QueryEscape(user) + "&hash=" + sb.Hash(user) + "&app_key=" + sb.AppKey, nil, 200, ""},
		{"upper-case hex", sb.URL + "/verify-sdk-config/?" + url.Values{"app_key": {sb.AppKey}, "hash": {strings.ToUpper(sb.Hash(user))}, "user_id": {user}}.Encode(), nil, 200, ""},
		{"REST headers", sb.URL + "/verify-sdk-config/", []string{"App-Key", sb.AppKey, "Hash", sb.Hash(user), "User-ID", user}, 200, ""},
		{"Node headers", sb.URL + "/verify-sdk-config", []string{"app_key", sb.AppKey, "hash", sb.Hash(user), "user_id", user}, 200, ""},
		{"nothing", sb.URL + "/verify-sdk-config/", nil, 403, "Authentication credentials were not provided."},
		{"no hash", sb.URL + "/verify-sdk-config/?app_key=" + sb.AppKey + "&user_id=u", nil, 403, "Authentication credentials were not provided."},
		{"wrong hash", sb.URL + "/verify-sdk-config/?app_key=" + sb.AppKey + "&user_id=u&hash=" + sb.Hash("v"), nil, 403, "Incorrect authentication credentials."},
		{"not hex", sb.URL + "/verify-sdk-config/?app_key=" + sb.AppKey + "&user_id=u&hash=zz", nil, 403, "Incorrect authentication credentials."},
		{"user_id too long", sb.URL + "/verify-sdk-config/?app_key=" + sb.AppKey + "&user_id=" + strings.Repeat("u", 1025) + "&hash=" + sb.Hash(strings.Repeat("u", 1025)), nil, 400, "user_id is longer than 1024 bytes."},
		{"wrong key", sb.URL + "/verify-sdk-config/?app_key=other&user_id=u&hash=" + sb.Hash("u"), nil, 403, "Incorrect authentication credentials."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := send(t, "GET", tc.url, "", tc.headers...)
			wantStatus(t, r, tc.status)
			if tc.status == 200 {
				wantJSON(t, r, `{"config_verified": true, "meta": {"app": {"name": "Sandbox"}, "storage": {}}}`)
			} else {
				wantJSON(t, r, `{"detail": "`+tc.detail+`"}`)
			}
		})
	}
	// Every API endpoint refuses missing credentials the same way.
	for _, ep := range []struct{ method, path string }{
		{"POST", "/apps/slack/get/"}, {"GET", "/apps/slack"}, {"POST", "/apps/list/"}, {"POST", "/functions/list/"},
		{"GET", "/functions/slack-post-message/get/"}, {"POST", "/functions/slack-post-message/call/"},
		{"POST", "/functions/predict/"}, {"DELETE", "/connected-accounts/1"}, {"GET", "/_sandbox/calls"},
		{"GET", "/sandbox/login/slack/"},
	} {
		r := send(t, ep.method, sb.URL+ep.path, "")
		if r.status != 403 || !strings.Contains(string(r.body), "not provided") {
			t.Errorf("%s %s without credentials: %d %s", ep.method, ep.path, r.status, r.body)
		}
	}
}

func TestPathsMatchWithOrWithoutSlashesAndNeverRedirect(t *testing.T) {
	sb := sandboxtest.New(t)
	for _, p := range []string{"/verify-sdk-config", "/verify-sdk-config/", "//verify-sdk-config//", "/%76erify-sdk-config/"} {
		r := api(t, sb, "u", "GET", p, "")
		if r.status != 200 || r.header.Get("Location") != "" {
			t.Errorf("GET %s: %d (Location %q)", p, r.status, r.header.Get("Location"))
		}
	}
	for _, p := range []string{"/apps/slack/get", "/apps/slack/get/", "//apps//slack/get/", "/apps/slack"} {
		r := api(t, sb, "u", "POST", p, `{}`)
		if r.status != 200 || r.json(t)["name"] != "slack" {
			t.Errorf("POST %s: %d %s", p, r.status, r.body)
		}
	}
	r := api(t, sb, "u", "GET", "/nothing/here/", "")
	wantStatus(t, r, 404)
	wantJSON(t, r, `{"detail": "Not found."}`)
	r = api(t, sb, "u", "PUT", "/functions/list/", "")
	wantStatus(t, r, 405)
}

func TestGetApp(t *testing.T) {
	// A clock that moves a millisecond each time it is read: the sandbox
	// keeps times to the millisecond, and a reconnect in the same
	// millisecond as the other account's connect would tie (then the newer
	// ID comes first, and the check below of the reconnect's order fails).
	var ticks atomic.Int64
	start := time.Now()
	sb := sandboxtest.New(t, sandboxtest.WithOptions(func(o *sandbox.Options) {
		o.Clock = func() time.Time { return start.Add(time.Duration(ticks.Add(1)) * time.Millisecond) }
	}))
	r := api(t, sb, "u1", "POST", "/apps/pipedrive/get/", "")
	wantStatus(t, r, 200)
	var app sdk.App
	json.Unmarshal(r.body, &app)
	if app.ID != 410 || app.Title != "Pipedrive" || app.AllowMultipleConnectedAccounts || len(app.ConnectedAccounts) != 0 {
		t.Fatalf("app %+v", app)
	}
	if !strings.HasPrefix(app.LoginURL, sb.URL+"/sandbox/login/pipedrive/?") || !strings.HasPrefix(app.IconURL, sb.URL+"/icons/") {
		t.Fatalf("login_url %q icon_url %q", app.LoginURL, app.IconURL)
	}
	if !strings.Contains(string(r.body), `"connected_accounts":[]`) {
		t.Errorf("connected_accounts must be [] not null: %s", r.body)
	}
	icon := send(t, "GET", app.IconURL, "")
	if icon.status != 200 || icon.header.Get("Content-Type") != "image/svg+xml" {
		t.Errorf("icon: %d %s", icon.status, icon.header.Get("Content-Type"))
	}
	r = api(t, sb, "u1", "POST", "/apps/open-meteo/get/", "")
	if r.json(t)["login_url"] != "" {
		t.Errorf("an app without login has login_url %q", r.json(t)["login_url"])
	}
	r = api(t, sb, "u1", "POST", "/apps/nope/get/", "")
	wantStatus(t, r, 404)
	wantJSON(t, r, `{"detail": "App not found"}`)

	// Several slack accounts come newest first, a reconnect moves one up.
	a := sb.Connect(t, "u1", "slack", "a@acme.com")
	b := sb.Connect(t, "u1", "slack", "b@acme.com")
	got, err := sb.Client(t, "u1").ConnectedAccounts(t.Context(), "slack")
	if err != nil || len(got) != 2 || got[0].ID != b || got[1].ID != a {
		t.Fatalf("accounts %+v, %v; want %d then %d", got, err, b, a)
	}
	// The server itself sends them newest first (our client sorts again).
	r = api(t, sb, "u1", "POST", "/apps/slack/get/", "")
	json.Unmarshal(r.body, &app)
	if len(app.ConnectedAccounts) != 2 || app.ConnectedAccounts[0].ID != b {
		t.Fatalf("wire order %+v, want %d first", app.ConnectedAccounts, b)
	}
	if again := sb.ConnectResult(t, "u1", "slack", "a@acme.com", ""); !again.AlreadyExists || again.AuthorizationID != a {
		t.Fatalf("reconnect %+v", again)
	}
	r = api(t, sb, "u1", "GET", "/apps/slack", "")
	json.Unmarshal(r.body, &app)
	if app.ConnectedAccounts[0].ID != a || !app.ConnectedAccounts[0].ModifiedAt.After(app.ConnectedAccounts[1].ModifiedAt) &&
		!app.ConnectedAccounts[0].ModifiedAt.Equal(app.ConnectedAccounts[1].ModifiedAt) {
		t.Fatalf("after reconnect %+v", app.ConnectedAccounts)
	}
}

func TestListApps(t *testing.T) {
	sb := sandboxtest.New(t)
	sb.Connect(t, "u1", "hubspot", "h")
	r := api(t, sb, "u1", "POST", "/apps/list/?page_size=2", `{"_cursor": ""}`)
	wantStatus(t, r, 200)
	var page struct {
		Apps   []sdk.App `json:"apps"`
		Cursor *string   `json:"_cursor"`
		Count  int       `json:"count"`
	}
	var names []string
	for i := 0; ; i++ {
		json.Unmarshal(r.body, &page)
		if page.Count != 5 {
			t.Fatalf("count %d", page.Count)
		}
		for _, a := range page.Apps {
			names = append(names, a.Name)
		}
		if page.Cursor == nil {
			break
		}
		if i > 5 {
			t.Fatal("the cursor never ends")
		}
		r = api(t, sb, "u1", "POST", "/apps/list/?page_size=2", `{"_cursor": "`+*page.Cursor+`"}`)
	}
	if strings.Join(names, ",") != "hubspot,open-meteo,pipedrive,sendgrid,slack" {
		t.Fatalf("apps %v", names)
	}
	if !strings.Contains(string(r.body), `"_cursor":null`) {
		t.Fatalf("the last page's cursor must be null: %s", r.body)
	}
	// Our client pages through the same list with its iterator.
	var all []string
	for a, err := range sb.Client(t, "u1").Apps(t.Context(), &sdk.ListAppsOptions{PageSize: 3}) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, a.Name)
	}
	if !slices.Equal(all, names) {
		t.Fatalf("client saw %v", all)
	}
	r = api(t, sb, "u1", "POST", "/apps/list/?connected_only=true", "")
	json.Unmarshal(r.body, &page)
	if len(page.Apps) != 1 || page.Apps[0].Name != "hubspot" || page.Count != 1 {
		t.Fatalf("connected_only: %s", r.body)
	}
	r = api(t, sb, "u1", "POST", "/apps/list/?search=SLA", "")
	json.Unmarshal(r.body, &page)
	if len(page.Apps) != 1 || page.Apps[0].Name != "slack" {
		t.Fatalf("search: %s", r.body)
	}
	wantStatus(t, api(t, sb, "u1", "POST", "/apps/list/?page_size=0", ""), 400)
	wantStatus(t, api(t, sb, "u1", "POST", "/apps/list/?_cursor=%21%21", ""), 400)
}

func TestListFunctions(t *testing.T) {
	sb := sandboxtest.New(t)
	c := sb.Client(t, "u1")
	all, err := c.ListFunctions(t.Context(), nil)
	if err != nil || len(all.Functions) < 12 || all.Cursor != "" {
		t.Fatalf("%d functions, cursor %q, %v", len(all.Functions), all.Cursor, err)
	}
	for _, f := range all.Functions {
		if f.Parameters == nil || strings.Contains(string(f.Doc.JSON()), `"meta"`) {
			t.Errorf("%s: bare signatures have parameters and no meta: %s", f.Name, f.Doc.JSON())
		}
	}
	page, err := c.ListFunctions(t.Context(), &sdk.ListFunctionsOptions{App: "pipedrive", Type: "ACTION"})
	if err != nil || len(page.Functions) != 2 {
		t.Fatalf("pipedrive actions: %+v %v", page, err)
	}
	page, _ = c.ListFunctions(t.Context(), &sdk.ListFunctionsOptions{ConnectedOnly: true})
	if len(page.Functions) != 1 || page.Functions[0].Name != "open-meteo-get-forecast" {
		t.Fatalf("connected_only without accounts keeps only no-login apps: %v", page.Functions)
	}
	page, _ = c.ListFunctions(t.Context(), &sdk.ListFunctionsOptions{IncludeMeta: true, Search: "persons"})
	if len(page.Functions) != 1 || !strings.Contains(string(page.Functions[0].Meta.JSON()), `"ui"`) {
		t.Fatalf("search with meta: %v", page.Functions)
	}
	r := api(t, sb, "u1", "POST", "/functions/list/?app=nope", "")
	wantJSON(t, r, `{"functions": [], "_cursor": null}`)
	wantStatus(t, api(t, sb, "u1", "POST", "/functions/list/?type=OTHER", ""), 400)
	// The Python client sends the cursor in the body; past the end is empty.
	wantJSON(t, api(t, sb, "u1", "POST", "/functions/list/", `{"_cursor": "eyJzdGFydCI6MTAwfQ"}`), `{"functions": [], "_cursor": null}`)
	wantStatus(t, api(t, sb, "u1", "POST", "/functions/list/", `{"_cursor": "%%%"}`), 400)
}

func TestGetFunctionWithMetaAndVariables(t *testing.T) {
	sb := sandboxtest.New(t)
	id := sb.Connect(t, "u1", "slack", "jane")
	r := api(t, sb, "u1", "POST", "/functions/slack-post-message/get/?include=meta", `{"_variables": {}}`, "Version", "2")
	wantStatus(t, r, 200)
	var f struct {
		Name       string `json:"name"`
		Parameters struct {
			Properties map[string]struct {
				Meta struct {
					Title      string `json:"title"`
					IsRequired bool   `json:"is_required"`
					UI         struct {
						IsVisible bool `json:"is_visible"`
						UIField   struct {
							Type       string `json:"type"`
							DataSource struct {
								URL  string          `json:"url"`
								Body json.RawMessage `json:"body"`
							} `json:"data_source"`
							OptionKeyPath string `json:"option_key_path"`
							ValueKeyPath  string `json:"value_key_path"`
						} `json:"ui_field"`
					} `json:"ui"`
				} `json:"meta"`
			} `json:"properties"`
		} `json:"parameters"`
		Arguments json.RawMessage `json:"arguments"`
		Meta      struct {
			UI  struct{ Title string } `json:"ui"`
			App sdk.App                `json:"app"`
		} `json:"meta"`
	}
	json.Unmarshal(r.body, &f)
	ch := f.Parameters.Properties["channel"].Meta
	// The channel is a dropdown over the fake Slack's channels, served by a
	// function call of the sandbox at an absolute URL.
	if f := ch.UI.UIField; ch.Title != "Channel" || !ch.IsRequired || f.Type != "DYNAMIC_DROPDOWN" ||
		f.DataSource.URL != sb.URL+"/functions/slack-list-conversations/call/" || f.ValueKeyPath != "id" || f.OptionKeyPath != "name" {
		t.Fatalf("channel meta %+v", ch)
	}
	if m := f.Parameters.Properties["as_user"].Meta; m.Title != "As User" || m.IsRequired || m.UI.UIField.Type != "CHECKBOX" || !m.UI.IsVisible {
		t.Fatalf("filled-in meta %+v", m)
	}
	if f.Meta.UI.Title != "Post a message" || f.Meta.App.Name != "slack" || len(f.Meta.App.ConnectedAccounts) != 1 || f.Meta.App.ConnectedAccounts[0].ID != id {
		t.Fatalf("function meta %+v", f.Meta)
	}
	if f.Arguments != nil {
		t.Fatalf("no variables, no arguments: %s", f.Arguments)
	}
	r = api(t, sb, "u1", "POST", "/functions/slack-post-message/get/", `{"_variables": {"channel": "general", "other": 1}}`)
	wantStatus(t, r, 200)
	// Variables are mapped as reference tags, which the call substitutes.
	if !strings.Contains(string(r.body), `"arguments":{"channel":"{channel}"}`) {
		t.Fatalf("arguments from _variables: %s", r.body)
	}
	r = api(t, sb, "u1", "POST", "/functions/slack-post-message/get/", `{"prompt": "hello team"}`)
	if !strings.Contains(string(r.body), `"arguments":{"text":"hello team"}`) {
		t.Fatalf("arguments from prompt: %s", r.body)
	}
	wantStatus(t, api(t, sb, "u1", "POST", "/functions/slack-post-message/get/", `[1]`), 400)
	wantStatus(t, api(t, sb, "u1", "POST", "/functions/slack-post-message/get/", `{"_variables": 3}`), 400)
	r = api(t, sb, "u1", "GET", "/functions/nope/get/", "")
	wantStatus(t, r, 404)
	wantJSON(t, r, `{"detail": "Function not found"}`)
	if _, err := sb.Client(t, "u1").GetFunction(t.Context(), "nope", nil); sdk.CodeOf(err) != sdk.CodeFunctionNotFound {
		t.Fatalf("client error %v", err)
	}
}

func TestPredictIsDeterministicKeywordScoring(t *testing.T) {
	sb := sandboxtest.New(t)
	for prompt, want := range map[string]string{
		"add a person to pipedrive":           "pipedrive-add-a-person",
		"post a message in the slack channel": "slack-post-message",
		"what is the weather forecast":        "open-meteo-get-forecast",
		"send an email":                       "sendgrid-send-email",
	} {
		r := api(t, sb, "u1", "POST", "/functions/predict/?predict_arguments=true", `{"prompt": "`+prompt+`"}`)
		wantStatus(t, r, 200)
		var out struct {
			Functions []struct {
				Name      string          `json:"name"`
				Arguments json.RawMessage `json:"arguments"`
			} `json:"functions"`
		}
		json.Unmarshal(r.body, &out)
		if len(out.Functions) == 0 || out.Functions[0].Name != want || out.Functions[0].Arguments == nil {
			t.Errorf("%q → %s, want %s first", prompt, r.body, want)
		}
		if again := api(t, sb, "u1", "POST", "/functions/predict/?predict_arguments=true", `{"prompt": "`+prompt+`"}`); string(again.body) != string(r.body) {
			t.Errorf("%q is not deterministic", prompt)
		}
	}
	wantJSON(t, api(t, sb, "u1", "POST", "/functions/predict/", `{"prompt": "zzz qqq"}`), `{"functions": []}`)
	r := api(t, sb, "u1", "POST", "/functions/predict/?connected_only=true", `{"prompt": "add a person to pipedrive"}`)
	if strings.Contains(string(r.body), "pipedrive") {
		t.Errorf("connected_only must drop unconnected apps: %s", r.body)
	}
	for _, bad := range []string{``, `{}`, `{"prompt": ""}`, `{"prompt": 3}`, `nope`} {
		r := api(t, sb, "u1", "POST", "/functions/predict/", bad)
		wantStatus(t, r, 400)
		wantJSON(t, r, `{"prompt": "Must be a non-empty string"}`)
	}
}

func TestCallFunction(t *testing.T) {
	sb := sandboxtest.New(t)
	c := sb.Client(t, "u1")
	ctx := t.Context()
	call := func(name, params string, opts *sdk.CallOptions) *sdk.CallResult {
		t.Helper()
		res, err := c.CallFunction(ctx, name, json.RawMessage(params), opts)
		if err != nil {
			t.Fatalf("%s(%s): %v", name, params, err)
		}
		return res
	}
	res := call("slack-post-message", `{"channel":"general","text":"hi"}`, nil)
	if res.Executed || sdk.CodeOf(res.Err()) != sdk.CodeNotConnected {
		t.Fatalf("not connected: %s", res.Doc.JSON())
	}
	slackID := sb.Connect(t, "u1", "slack", "jane")

	for _, tc := range []struct{ params, key, msg string }{
		{`{"channel":"general"}`, "text", "This parameter is required and must not be null or empty"},
		{`{"channel":"general","text":""}`, "text", "This parameter is required and must not be null or empty"},
		{`{"channel":"general","text":null}`, "text", "This parameter is required and must not be null or empty"},
		{`{"channel":"general","text":5}`, "text", "Expected a value of type string but got integer"},
		{`{"channel":"general","text":"x","as_user":"yes"}`, "as_user", "Expected a value of type boolean but got string"},
		{`{"channel":"general","text":"x","blocks":[1]}`, "blocks[0]", "Expected a value of type string but got integer"},
		{`{"channel":"general","text":"x","blocks":"a"}`, "blocks", "Expected a value of type array but got string"},
	} {
		res := call("slack-post-message", tc.params, nil)
		var details map[string]string
		json.Unmarshal(res.ErrorDetails.JSON(), &details)
		if res.Executed || details[tc.key] != tc.msg || !strings.HasPrefix(res.Error, "Could not call the function due to invalid input.") {
			t.Errorf("%s: %s", tc.params, res.Doc.JSON())
		}
	}
	res = call("pipedrive-add-a-deal", `{"title":"t","currency":"YEN"}`, nil)
	if res.Executed {
		t.Fatalf("pipedrive is not connected: %s", res.Doc.JSON())
	}
	sb.Connect(t, "u1", "pipedrive", "p")
	res = call("pipedrive-add-a-deal", `{"title":"t","currency":"YEN"}`, nil)
	if res.Executed || !strings.Contains(string(res.ErrorDetails.JSON()), `"currency":"Must be one of: \"USD\", \"EUR\", \"GBP\""`) {
		t.Fatalf("enum: %s", res.Doc.JSON())
	}

	res = call("slack-post-message", `{"channel":"{where}","text":"hello {who.name}","_variables":{"where":"random","who":{"name":"team"}}}`, nil)
	var out struct {
		OK      bool   `json:"ok"`
		Channel string `json:"channel"`
		Message struct {
			Text string `json:"text"`
		} `json:"message"`
	}
	json.Unmarshal(res.Output.JSON(), &out)
	if !res.Executed || res.NetworkCode != "200" || !out.OK || out.Channel != "C02RANDOM" || out.Message.Text != "hello team" || res.Credits != 1 {
		t.Fatalf("post with _variables: %s", res.Doc.JSON())
	}
	res = call("slack-post-message", `{"channel":"nowhere","text":"x"}`, &sdk.CallOptions{ConnectedAccountID: sandboxtest.AccountID(slackID)})
	if !res.Executed || !strings.Contains(string(res.Output.JSON()), "channel_not_found") {
		t.Fatalf("an onward failure is still executed: %s", res.Doc.JSON())
	}
	res = call("slack-post-message", `{"channel":"general","text":"x"}`, &sdk.CallOptions{ConnectedAccountID: "999"})
	if res.Executed || !strings.Contains(string(res.ErrorDetails.JSON()), "Connected account 999 was not found") {
		t.Fatalf("unknown account: %s", res.Doc.JSON())
	}
	sb.Connect(t, "u1", "slack", "second")
	res = call("slack-post-message", `{"channel":"general","text":"x"}`, nil)
	if res.Executed || !strings.Contains(string(res.ErrorDetails.JSON()), "connected_account_id") {
		t.Fatalf("two accounts and none chosen: %s", res.Doc.JSON())
	}
	res = call("slack-get-conversation-history", `{"channel":"random"}`, &sdk.CallOptions{ConnectedAccountID: sandboxtest.AccountID(slackID)})
	if !res.Executed || !strings.Contains(string(res.Output.JSON()), `"text":"hello team"`) || res.NextPage != "" {
		t.Fatalf("history: %s", res.Doc.JSON())
	}

	res = call("open-meteo-get-forecast", `{"city":"berlin","days":2}`, nil)
	if !res.Executed || res.NetworkCode != "200" || !strings.Contains(string(res.Output.JSON()), "temperature_2m_max") {
		t.Fatalf("no-login app: %s", res.Doc.JSON())
	}
	res = call("open-meteo-get-forecast", `{"city":"atlantis"}`, nil)
	if !res.Executed || res.NetworkCode != "400" {
		t.Fatalf("provider 400: %s", res.Doc.JSON())
	}

	r := api(t, sb, "u1", "POST", "/functions/nope/call/", `{}`)
	wantStatus(t, r, 404)
	wantJSON(t, r, `{"detail": "Function not found"}`)
	for _, bad := range []string{`[1]`, `"x"`, `{"a":`, `{} {}`} {
		r := api(t, sb, "u1", "POST", "/functions/open-meteo-get-forecast/call/", bad)
		if r.status != 400 || r.json(t)["detail"] == nil {
			t.Errorf("body %s: %d %s", bad, r.status, r.body)
		}
	}
	// Absent and null bodies mean {} (invokeFunction sends none).
	r = api(t, sb, "u1", "POST", "/functions/open-meteo-get-forecast/call/", `null`)
	if r.status != 400 || !strings.Contains(string(r.body), `"city":"This parameter is required`) {
		t.Errorf("null body: %d %s", r.status, r.body)
	}
	r = api(t, sb, "u1", "POST", "/functions/open-meteo-get-forecast/call/", strings.Repeat(" ", 2<<20))
	wantStatus(t, r, 413)

	// The log holds the executed calls only, in order.
	var names []string
	for _, c := range sb.Calls(t, "u1") {
		names = append(names, c.Function+":"+c.NetworkCode)
	}
	want := "slack-post-message:200,slack-post-message:200,slack-get-conversation-history:200,open-meteo-get-forecast:200,open-meteo-get-forecast:400"
	if strings.Join(names, ",") != want {
		t.Fatalf("call log %v\nwant %s", names, want)
	}
	if len(sb.Calls(t, "u2")) != 0 {
		t.Fatal("another user sees u1's calls")
	}
}

func TestPagingThroughPersons(t *testing.T) {
	sb := sandboxtest.New(t)
	c := sb.Client(t, "u1")
	sb.Connect(t, "u1", "pipedrive", "p")
	add := func(n int) {
		for i := range n {
			res, err := c.CallFunction(t.Context(), "pipedrive-add-a-person", json.RawMessage(`{"name":"Person `+string(rune('A'+i))+`"}`), nil)
			if err != nil || !res.Executed || res.NetworkCode != "200" {
				t.Fatalf("add: %v %s", err, res.Doc.JSON())
			}
		}
	}
	pages := func(limit int) (sizes []int, cursors []string) {
		body := `{"limit": ` + string(rune('0'+limit)) + `}`
		for range 10 {
			res, err := c.CallFunction(t.Context(), "pipedrive-get-all-persons", json.RawMessage(body), nil)
			if err != nil || !res.Executed {
				t.Fatalf("page: %v %s", err, res.Doc.JSON())
			}
			if !strings.Contains(string(res.Doc.JSON()), `"next_page"`) {
				t.Fatalf("paginated results always carry next_page: %s", res.Doc.JSON())
			}
			var items []json.RawMessage
			if err := json.Unmarshal(res.Output.JSON(), &items); err != nil {
				t.Fatalf("output is not an array: %s", res.Output.JSON())
			}
			sizes, cursors = append(sizes, len(items)), append(cursors, res.NextPage)
			if res.NextPage == "" {
				return
			}
			if !strings.HasPrefix(res.NextPage, "eyJ") {
				t.Fatalf("cursor %q", res.NextPage)
			}
			body = `{"limit": ` + string(rune('0'+limit)) + `, "next_page": "` + res.NextPage + `"}`
		}
		t.Fatal("paging never ends")
		return
	}
	add(5)
	if sizes, _ := pages(2); !slices.Equal(sizes, []int{2, 2, 1}) {
		t.Fatalf("5 persons by 2: pages %v", sizes)
	}
	add(1)
	// 6 persons by 2: the last page is exactly full, so it still gets a
	// cursor, and the call after it returns [] with an empty next_page.
	if sizes, cursors := pages(2); !slices.Equal(sizes, []int{2, 2, 2, 0}) || cursors[2] == "" || cursors[3] != "" {
		t.Fatalf("6 persons by 2: pages %v cursors %q", sizes, cursors)
	}
	// Our client's iterator stops on the empty page.
	n := 0
	for res, err := range c.CallPages(t.Context(), "pipedrive-get-all-persons", json.RawMessage(`{"limit":3}`), nil) {
		if err != nil {
			t.Fatal(err)
		}
		var items []json.RawMessage
		json.Unmarshal(res.Output.JSON(), &items)
		n += len(items)
	}
	if n != 6 {
		t.Fatalf("iterator saw %d persons", n)
	}
	res, _ := c.CallFunction(t.Context(), "pipedrive-get-all-persons", json.RawMessage(`{"next_page":"garbage"}`), nil)
	if res.Executed {
		t.Fatalf("a bad cursor is refused: %s", res.Doc.JSON())
	}
	res, _ = c.CallFunction(t.Context(), "pipedrive-get-all-persons", json.RawMessage(`{"limit":0}`), nil)
	if res.Executed {
		t.Fatalf("limit 0 is refused: %s", res.Doc.JSON())
	}
}

func TestDeleteConnectedAccount(t *testing.T) {
	sb := sandboxtest.New(t)
	id := sb.Connect(t, "u1", "slack", "jane")
	other := sb.Connect(t, "u2", "slack", "jane")
	path := "/connected-accounts/" + sandboxtest.AccountID(id) + "?force=false"
	wantStatus(t, api(t, sb, "u2", "DELETE", path, ""), 404) // someone else's
	// Nor can u2 call through u1's account.
	res, err := sb.Client(t, "u2").CallFunction(t.Context(), "slack-post-message", json.RawMessage(`{"channel":"general","text":"x"}`),
		&sdk.CallOptions{ConnectedAccountID: sandboxtest.AccountID(id)})
	if err != nil || res.Executed || !strings.Contains(string(res.ErrorDetails.JSON()), "was not found") {
		t.Fatalf("calling through another user's account: %v %s", err, res.Doc.JSON())
	}
	r := api(t, sb, "u1", "DELETE", path, "")
	wantStatus(t, r, 204)
	r = api(t, sb, "u1", "DELETE", path, "")
	wantStatus(t, r, 404)
	wantJSON(t, r, `{"detail": "Not found."}`)
	wantStatus(t, api(t, sb, "u1", "DELETE", "/connected-accounts/abc", ""), 404)
	wantStatus(t, api(t, sb, "u1", "DELETE", "/connected-accounts/"+sandboxtest.AccountID(other)+"?force=maybe", ""), 400)
	if ok, _ := sb.Client(t, "u2").IsAppConnected(t.Context(), "slack"); !ok {
		t.Fatal("u2's account must survive u1's delete")
	}
	// Our client's Disconnect by app name agrees with the server.
	app, err := sb.Client(t, "u2").Disconnect(t.Context(), "slack", "")
	if err != nil || app.ConnectedAccountID != sandboxtest.AccountID(other) || len(app.ConnectedAccounts) != 0 {
		t.Fatalf("disconnect: %+v %v", app, err)
	}
}

func TestConnectRules(t *testing.T) {
	sb := sandboxtest.New(t)
	c := sb.Client(t, "u1")
	first := sb.ConnectResult(t, "u1", "pipedrive", "jane", "")
	if first.AlreadyExists || first.ExternalID == "" || first.UserIdentity != "jane" || first.ActivityName == "" {
		t.Fatalf("first connect %+v", first)
	}
	again := sb.ConnectResult(t, "u1", "pipedrive", "jane", "")
	if !again.AlreadyExists || again.AuthorizationID != first.AuthorizationID || again.ExternalID != first.ExternalID {
		t.Fatalf("same account again %+v", again)
	}
	// Pipedrive allows one account: a different one replaces it.
	other := sb.ConnectResult(t, "u1", "pipedrive", "john", "")
	accs, _ := c.ConnectedAccounts(t.Context(), "pipedrive")
	if other.AlreadyExists || len(accs) != 1 || accs[0].ID != other.AuthorizationID {
		t.Fatalf("single-account app: %+v", accs)
	}
	// The API-key app checks the key.
	sgOK := sb.ConnectResult(t, "u1", "sendgrid", "mail", "SG.abcdef")
	res, err := c.CallFunction(t.Context(), "sendgrid-send-email", json.RawMessage(`{"to":"a@b.c","subject":"s","content":"c"}`), nil)
	if err != nil || !res.Executed || res.NetworkCode != "202" || string(res.Output.JSON()) != "null" {
		t.Fatalf("send with the API key of account %d: %v %s", sgOK.AuthorizationID, err, res.Doc.JSON())
	}
	// Another user with the same key reaches the same SendGrid account, and
	// one user's disconnect does not break the other's.
	sgOther := sb.ConnectResult(t, "u2", "sendgrid", "mail", "SG.abcdef")
	if sgOther.AuthorizationID == sgOK.AuthorizationID || sgOther.AlreadyExists {
		t.Fatalf("u2's account %+v", sgOther)
	}
	if err := c.DeleteConnectedAccount(t.Context(), sandboxtest.AccountID(sgOK.AuthorizationID), false); err != nil {
		t.Fatal(err)
	}
	res, err = sb.Client(t, "u2").CallFunction(t.Context(), "sendgrid-list-sent-emails", nil, nil)
	if err != nil || res.NetworkCode != "200" || !strings.Contains(string(res.Output.JSON()), `"to_email":"a@b.c"`) {
		t.Fatalf("u2 after u1's disconnect: %v %s", err, res.Doc.JSON())
	}
	form := url.Values{"decision": {"allow"}, "display_name": {"x"}, "api_key": {"nope"}}.Encode()
	r := send(t, "POST", sb.URL+"/sandbox/login/sendgrid/?"+sb.Query("u1"), form, "Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json")
	wantStatus(t, r, 400)
	if r.json(t)["api_key"] == nil {
		t.Fatalf("bad key: %s", r.body)
	}
	form = url.Values{"decision": {"allow"}, "display_name": {"  "}}.Encode()
	r = send(t, "POST", sb.URL+"/sandbox/login/slack/?"+sb.Query("u1"), form, "Content-Type", "application/x-www-form-urlencoded")
	if r.status != 400 || !strings.Contains(string(r.body), "Enter a name for the account.") {
		t.Fatalf("empty display name: %d %s", r.status, r.body)
	}
	form = url.Values{"decision": {"deny"}}.Encode()
	r = send(t, "POST", sb.URL+"/sandbox/login/slack/?"+sb.Query("u1"), form, "Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json")
	wantStatus(t, r, 200)
	if e, _ := r.json(t)["error"].(string); e == "" {
		t.Fatalf("deny: %s", r.body)
	}
	r = send(t, "POST", sb.URL+"/sandbox/login/slack/?"+sb.Query("u1"), "decision=maybe", "Content-Type", "application/x-www-form-urlencoded")
	wantStatus(t, r, 400)
	wantStatus(t, send(t, "GET", sb.URL+"/sandbox/login/open-meteo/?"+sb.Query("u1"), ""), 404)
	wantStatus(t, send(t, "GET", sb.URL+"/sandbox/login/slack/?"+sb.Query("u1")+"x", ""), 403)
}

func TestConsentPagePostsToTheExactAllowedOrigin(t *testing.T) {
	page := "http://127.0.0.1:9"
	sb := sandboxtest.New(t, sandboxtest.WithAllowOrigins(page, "*"))
	// The app fetched from an allowed page carries its origin into login_url.
	r := api(t, sb, "u1", "POST", "/apps/slack/get/", "", "Origin", page)
	loginURL, _ := r.json(t)["login_url"].(string)
	if !strings.Contains(loginURL, "origin="+url.QueryEscape(page)) {
		t.Fatalf("login_url %q lacks the origin", loginURL)
	}
	r = send(t, "GET", loginURL, "")
	wantStatus(t, r, 200)
	html := string(r.body)
	for _, want := range []string{`name="display_name"`, `value="allow"`, `value="deny"`, ">Allow<", ">Deny<"} {
		if !strings.Contains(html, want) {
			t.Errorf("consent form lacks %s", want)
		}
	}
	u, _ := url.Parse(loginURL)
	form := url.Values{"decision": {"allow"}, "display_name": {"jane <b>"}}.Encode()
	r = send(t, "POST", u.String(), form, "Content-Type", "application/x-www-form-urlencoded")
	html = string(r.body)
	if !strings.Contains(html, `window.opener.postMessage(data, origin)`) || !strings.Contains(html, `var origin = "http://127.0.0.1:9"`) ||
		!strings.Contains(html, `"authorization_id":`) || !strings.Contains(html, `"activity_name":`) || strings.Contains(html, "jane <b>") {
		t.Fatalf("allow page:\n%s", html)
	}
	// "*" is good enough for CORS but never a postMessage target, and an
	// origin that is not allowed is dropped.
	for _, o := range []string{"*", "http://evil.example"} {
		q := u.Query()
		q.Set("origin", o)
		r = send(t, "POST", sb.URL+u.Path+"?"+q.Encode(), "decision=deny", "Content-Type", "application/x-www-form-urlencoded")
		if !strings.Contains(string(r.body), `var origin = ""`) {
			t.Fatalf("origin %q: %s", o, r.body)
		}
	}
}

func TestCORS(t *testing.T) {
	page := "http://localhost:5173"
	sb := sandboxtest.New(t, sandboxtest.WithAllowOrigins(page))
	r := send(t, "OPTIONS", sb.URL+"/functions/slack-post-message/call/", "", "Origin", page,
		"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type,version")
	wantStatus(t, r, 204)
	if r.header.Get("Access-Control-Allow-Origin") != page || !strings.Contains(r.header.Get("Access-Control-Allow-Methods"), "DELETE") ||
		!strings.Contains(r.header.Get("Access-Control-Allow-Headers"), "Version") {
		t.Fatalf("preflight headers %v", r.header)
	}
	r = api(t, sb, "u", "GET", "/verify-sdk-config/", "", "Origin", page)
	if r.header.Get("Access-Control-Allow-Origin") != page {
		t.Fatalf("ACAO %q", r.header.Get("Access-Control-Allow-Origin"))
	}
	r = api(t, sb, "u", "GET", "/verify-sdk-config/", "", "Origin", "http://other.example")
	if r.header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatal("a foreign origin gets no CORS headers")
	}
	r = send(t, "OPTIONS", sb.URL+"/apps/list/", "", "Origin", "http://other.example", "Access-Control-Request-Method", "POST")
	wantStatus(t, r, 403)
	r = api(t, sb, "u", "GET", "/verify-sdk-config/", "", "Origin", sb.URL)
	if r.header.Get("Access-Control-Allow-Origin") != sb.URL {
		t.Fatal("the sandbox's own origin is always allowed")
	}
}

func TestSessionEndpoint(t *testing.T) {
	sb := sandboxtest.New(t)
	r := send(t, "GET", sb.URL+"/_sandbox/session?user_id=demo+user", "")
	wantStatus(t, r, 200)
	var s struct{ AppKey, UserID, Hash string }
	json.Unmarshal(r.body, &s)
	if s.AppKey != sb.AppKey || s.UserID != "" && s.UserID != "demo user" || !authhash.Valid(sb.AppSecret, "demo user", s.Hash) {
		t.Fatalf("session %s", r.body)
	}
	if strings.Contains(string(r.body), sb.AppSecret) {
		t.Fatal("the secret must never leave the server")
	}
	c, _ := sb.Client(t, "demo user"), 0
	if _, err := c.VerifyConfig(context.Background()); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, send(t, "GET", sb.URL+"/_sandbox/health", ""), 200)
}

func TestHeaderAuthClientAgrees(t *testing.T) {
	sb := sandboxtest.New(t)
	cfg := sb.Config("h1")
	cfg.HeaderAuth = true
	c, err := nethttp.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	id := sb.Connect(t, "h1", "hubspot", "crm")
	ok, err := c.IsAppConnected(t.Context(), "hubspot")
	if err != nil || !ok {
		t.Fatalf("connected: %v %v", ok, err)
	}
	res, err := c.CallFunction(t.Context(), "hubspot-create-contact", json.RawMessage(`{"email":"A@b.c","properties":{"company":"Acme"}}`), nil)
	if err != nil || res.NetworkCode != "201" || !strings.Contains(string(res.Output.JSON()), `"company":"Acme"`) {
		t.Fatalf("create: %v %s", err, res.Doc.JSON())
	}
	res, _ = c.CallFunction(t.Context(), "hubspot-create-contact", json.RawMessage(`{"email":"a@b.c"}`), nil)
	if res.NetworkCode != "409" {
		t.Fatalf("duplicate: %s", res.Doc.JSON())
	}
	if err := c.DeleteConnectedAccount(t.Context(), sandboxtest.AccountID(id), false); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteConnectedAccount(t.Context(), sandboxtest.AccountID(id), false); sdk.CodeOf(err) != sdk.CodeNotFound {
		t.Fatalf("second delete: %v", err)
	}
}
