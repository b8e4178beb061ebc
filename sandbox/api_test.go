package sandbox_test

import (
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
