package sandbox_test

import (
	"encoding/json"
	"maps"
	"net/url"
	"strings"
	"testing"

	"github.com/integry-go/integry/sandbox/sandboxtest"
	"github.com/integry-go/integry/sdk"
)

// uiField reads meta.ui.ui_field of one property from functions/get.
func uiField(t *testing.T, sb *sandboxtest.Sandbox, user, fn, prop string) (field struct {
	Type       string `json:"type"`
	Multi      bool   `json:"is_multiselect"`
	DataSource struct {
		URL  string          `json:"url"`
		Body json.RawMessage `json:"body"`
	} `json:"data_source"`
	OptionKeyPath string `json:"option_key_path"`
	ValueKeyPath  string `json:"value_key_path"`
	IDKeyPath     string `json:"id_key_path"`
	TitleKeyPath  string `json:"title_key_path"`
	RequiredPath  string `json:"is_required_key_path"`
}) {
	t.Helper()
	r := api(t, sb, user, "POST", "/functions/"+fn+"/get/?include=meta", `{}`)
	wantStatus(t, r, 200)
	var sig struct {
		Parameters struct {
			Properties map[string]struct {
				Meta struct {
					UI struct {
						Field json.RawMessage `json:"ui_field"`
					} `json:"ui"`
				} `json:"meta"`
			} `json:"properties"`
		} `json:"parameters"`
	}
	json.Unmarshal(r.body, &sig)
	if err := json.Unmarshal(sig.Parameters.Properties[prop].Meta.UI.Field, &field); err != nil {
		t.Fatalf("%s.%s: %v", fn, prop, err)
	}
	return field
}

// dropdownPage sends what the official SDK's dropdown sends
// (docs/protocol.md#official-form-requests): POST to the URL with the
// credentials, integry_lang and the account in the query, the data_source
// body (its values strings) plus a copy of it under query_string_data, and
// _cursor after the first page.
func dropdownPage(t *testing.T, sb *sandboxtest.Sandbox, user, u string, body json.RawMessage, account int64, cursor string) (items []map[string]any, next string) {
	t.Helper()
	var b map[string]any
	json.Unmarshal(body, &b)
	for k, v := range b {
		if _, ok := v.(string); !ok {
			t.Fatalf("data_source.body.%s is %v, not a string: the official form fails on it", k, v)
		}
	}
	b["query_string_data"] = maps.Clone(b)
	if cursor != "" {
		b["_cursor"] = cursor
	}
	raw, _ := json.Marshal(b)
	id := sandboxtest.AccountID(account)
	q := sb.Query(user) + "&integry_lang=en&connected_account_id=" + id + "&authorization_id=" + id
	r := send(t, "POST", u+"?"+q, string(raw))
	wantStatus(t, r, 200)
	var res struct {
		Output []map[string]any `json:"output"`
		Cursor *string          `json:"_cursor"`
	}
	if err := json.Unmarshal(r.body, &res); err != nil {
		t.Fatalf("%s: %v", r.body, err)
	}
	if res.Cursor != nil {
		next = *res.Cursor
	}
	return res.Output, next
}

// The Slack channel dropdown pages through the fake Slack's channels with
// the request the SDK sends; the thread dropdown depends on the channel.
func TestDataSourceSlackChannels(t *testing.T) {
	sb := sandboxtest.New(t)
	acc := sb.Connect(t, "u1", "slack", "me@slack")
	f := uiField(t, sb, "u1", "slack-post-message", "channel")
	if f.Type != "DYNAMIC_DROPDOWN" || f.ValueKeyPath != "id" || f.OptionKeyPath != "name" || !strings.HasPrefix(f.DataSource.URL, sb.URL+"/") {
		t.Fatalf("channel field %+v", f)
	}
	var sizes []int
	var names []string
	cursor := ""
	for i := 0; ; i++ {
		items, next := dropdownPage(t, sb, "u1", f.DataSource.URL, f.DataSource.Body, acc, cursor)
		sizes = append(sizes, len(items))
		for _, it := range items {
			names = append(names, it["name"].(string))
		}
		if next == "" {
			break
		}
		if i > 10 {
			t.Fatal("paging never ends")
		}
		cursor = next
	}
	if len(sizes) < 3 || names[0] != "general" || names[len(names)-1] != "zeta-project" || strings.Contains(strings.Join(names, ","), "old-announcements") {
		t.Fatalf("pages %v of %v", sizes, names)
	}
	// The reply dropdown's body names the channel the person chose.
	th := uiField(t, sb, "u1", "slack-post-message", "thread_ts")
	if !strings.Contains(string(th.DataSource.Body), `"{parameters.channel}"`) || th.ValueKeyPath != "ts" {
		t.Fatalf("thread field %+v", th)
	}
	r := api(t, sb, "u1", "POST", "/functions/slack-post-message/call/", `{"channel":"random","text":"first!"}`)
	wantStatus(t, r, 200)
	body := json.RawMessage(strings.ReplaceAll(string(th.DataSource.Body), "{parameters.channel}", "C02RANDOM"))
	items, _ := dropdownPage(t, sb, "u1", th.DataSource.URL, body, acc, "")
	if len(items) != 1 || items[0]["text"] != "first!" || items[0]["ts"] == "" {
		t.Fatalf("messages of #random: %v", items)
	}
}

// Pipedrive's owner dropdown lists the company's users, page by page, and
// the chosen one owns the new person.
func TestDataSourcePipedriveOwners(t *testing.T) {
	sb := sandboxtest.New(t)
	acc := sb.Connect(t, "u1", "pipedrive", "p")
	f := uiField(t, sb, "u1", "pipedrive-add-a-person", "owner_id")
	if f.Type != "DYNAMIC_DROPDOWN" || f.ValueKeyPath != "id" || f.OptionKeyPath != "name" {
		t.Fatalf("owner field %+v", f)
	}
	first, next := dropdownPage(t, sb, "u1", f.DataSource.URL, f.DataSource.Body, acc, "")
	second, _ := dropdownPage(t, sb, "u1", f.DataSource.URL, f.DataSource.Body, acc, next)
	if len(first) == 0 || next == "" || len(second) == 0 || first[0]["id"] == second[0]["id"] {
		t.Fatalf("owners: %v then %v", first, second)
	}
	owner := second[0]["id"].(float64)
	r := api(t, sb, "u1", "POST", "/functions/pipedrive-add-a-person/call/", `{"name":"Ada","owner_id":`+jsonNumber(owner)+`}`)
	if !strings.Contains(string(r.body), `"owner_id":`+jsonNumber(owner)) {
		t.Fatalf("owner not kept: %s", r.body)
	}
	r = api(t, sb, "u1", "POST", "/functions/pipedrive-add-a-person/call/", `{"name":"Ada","owner_id":1}`)
	if !strings.Contains(string(r.body), `"network_code":"400"`) || !strings.Contains(string(r.body), "owner_id") {
		t.Fatalf("an unknown owner: %s", r.body)
	}
}

func jsonNumber(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

// The members dropdown of slack-invite-to-channel is a multiselect, and
// the invite takes the array it submits.
func TestDataSourceSlackMembersMultiselect(t *testing.T) {
	sb := sandboxtest.New(t)
	acc := sb.Connect(t, "u1", "slack", "me@slack")
	f := uiField(t, sb, "u1", "slack-invite-to-channel", "users")
	if f.Type != "DYNAMIC_DROPDOWN" || !f.Multi || f.OptionKeyPath != "real_name" {
		t.Fatalf("users field %+v", f)
	}
	items, next := dropdownPage(t, sb, "u1", f.DataSource.URL, f.DataSource.Body, acc, "")
	if len(items) < 2 || next == "" {
		t.Fatalf("members: %v %q", items, next)
	}
	ids, _ := json.Marshal([]any{items[0]["id"], items[1]["id"]})
	r := api(t, sb, "u1", "POST", "/functions/slack-invite-to-channel/call/", `{"channel":"C03ENGINEERING","users":`+string(ids)+`}`)
	if !strings.Contains(string(r.body), `"ok":true`) {
		t.Fatalf("invite: %s", r.body)
	}
	r = api(t, sb, "u1", "POST", "/functions/slack-invite-to-channel/call/", `{"channel":"C03ENGINEERING","users":["UNOBODY"]}`)
	if !strings.Contains(string(r.body), "user_not_found") {
		t.Fatalf("an unknown member: %s", r.body)
	}
}

// HubSpot's contact properties feed the create-contact form's custom
// fields (id, title and required through their key paths).
func TestDataSourceHubSpotCustomFields(t *testing.T) {
	sb := sandboxtest.New(t)
	acc := sb.Connect(t, "u1", "hubspot", "h")
	f := uiField(t, sb, "u1", "hubspot-create-contact", "properties")
	if f.Type != "CUSTOM_FIELDS" || f.IDKeyPath != "name" || f.TitleKeyPath != "label" || f.RequiredPath != "required" {
		t.Fatalf("properties field %+v", f)
	}
	items, next := dropdownPage(t, sb, "u1", f.DataSource.URL, f.DataSource.Body, acc, "")
	if len(items) < 3 || next != "" || items[0]["name"] != "company" || items[0]["label"] == "" {
		t.Fatalf("properties: %v %q", items, next)
	}
	r := api(t, sb, "u1", "POST", "/functions/hubspot-create-contact/call/", `{"email":"ada@example.com","properties":{"company":"Acme","jobtitle":"CTO"}}`)
	if !strings.Contains(string(r.body), `"company":"Acme"`) || !strings.Contains(string(r.body), `"jobtitle":"CTO"`) {
		t.Fatalf("nested properties: %s", r.body)
	}
}

// The official SDK's showApps() reads these two before it draws: the
// catalog as apps without flows, and no user variables.
func TestFlowAppsAndUserVariables(t *testing.T) {
	sb := sandboxtest.New(t)
	sb.Connect(t, "u1", "hubspot", "h")
	q := "&tags=&show_draft=true&page_size=100"
	r := send(t, "GET", sb.URL+"/api/v1/sdk/flow-apps/?"+sb.Query("u1")+q, "")
	wantStatus(t, r, 200)
	var page struct {
		Count int `json:"count"`
		Links struct {
			Next *string `json:"next"`
		} `json:"links"`
		Results []struct {
			ID      int64  `json:"id"`
			Name    string `json:"name"`
			IconURL string `json:"icon_url"`
			Auth    struct {
				Type           string `json:"type"`
				Authorizations []struct {
					ID int64 `json:"id"`
				} `json:"authorizations"`
			} `json:"authorization_type"`
		} `json:"results"`
	}
	json.Unmarshal(r.body, &page)
	if page.Count != 5 || len(page.Results) != 5 || page.Links.Next != nil {
		t.Fatalf("flow apps: %s", r.body)
	}
	byName := map[string]int{}
	for i, a := range page.Results {
		byName[a.Name] = i
		if !strings.HasPrefix(a.IconURL, sb.URL+"/icons/") || a.ID == 0 {
			t.Errorf("%+v", a)
		}
	}
	if a := page.Results[byName["HubSpot"]]; a.Auth.Type != "OAUTH2" || len(a.Auth.Authorizations) != 1 {
		t.Errorf("HubSpot %+v", a)
	}
	if a := page.Results[byName["Open-Meteo"]]; a.Auth.Type != "NO_AUTH" {
		t.Errorf("Open-Meteo %+v", a)
	}
	// Pages by number; links.next is fetched as it is, credentials included.
	r = send(t, "GET", sb.URL+"/api/v1/sdk/flow-apps/?"+sb.Query("u1")+"&page_size=2", "")
	json.Unmarshal(r.body, &page)
	if len(page.Results) != 2 || page.Links.Next == nil {
		t.Fatalf("page 1: %s", r.body)
	}
	r = send(t, "GET", *page.Links.Next, "")
	wantStatus(t, r, 200)
	if u, _ := url.Parse(*page.Links.Next); u.Query().Get("page") != "2" || !strings.Contains(string(r.body), `"results":[{`) {
		t.Fatalf("next %s: %s", *page.Links.Next, r.body)
	}
	wantStatus(t, send(t, "GET", sb.URL+"/api/v1/sdk/flow-apps/?"+sb.Query("u1")+"&page=0", ""), 400)
	wantStatus(t, send(t, "GET", sb.URL+"/api/v1/sdk/flow-apps/", ""), 403)

	r = send(t, "GET", sb.URL+"/api/v1/app-user-variables/?"+sb.Query("u1"), "")
	wantStatus(t, r, 200)
	wantJSON(t, r, `{"count": 2, "next": null, "previous": null, "results": [
		{"id": 1, "key": "api_key", "title": "API key", "description": "The user's API key in your app (user.apiKey).", "is_required": true},
		{"id": 2, "key": "workspace_id", "title": "Workspace ID", "description": "The user's workspace in your app (user.workspace_id).", "is_required": false}]}`)
}

// SendGrid's sender is a STANDARD_FIELDS object, {email, name}, as in
// SendGrid's API: its sub-fields carry their own hints, and the call takes
// the nested object.
func TestStandardFieldsSender(t *testing.T) {
	sb := sandboxtest.New(t)
	sb.ConnectResult(t, "u1", "sendgrid", "mail", "SG.abcdef")
	r := api(t, sb, "u1", "POST", "/functions/sendgrid-send-email/get/?include=meta", `{}`)
	var sig struct {
		Parameters struct {
			Properties struct {
				From struct {
					Type string `json:"type"`
					Meta struct {
						UI struct {
							Field struct {
								Type string `json:"type"`
							} `json:"ui_field"`
						} `json:"ui"`
					} `json:"meta"`
					Properties map[string]struct {
						Meta struct {
							Title      string `json:"title"`
							IsRequired bool   `json:"is_required"`
						} `json:"meta"`
					} `json:"properties"`
				} `json:"from"`
			} `json:"properties"`
		} `json:"parameters"`
	}
	json.Unmarshal(r.body, &sig)
	from := sig.Parameters.Properties.From
	if from.Type != "object" || from.Meta.UI.Field.Type != "STANDARD_FIELDS" || from.Properties["email"].Meta.Title != "Email" || !from.Properties["email"].Meta.IsRequired {
		t.Fatalf("from %+v", from)
	}
	wantStatus(t, api(t, sb, "u1", "POST", "/functions/sendgrid-send-email/call/", `{"to":"a@b.c","subject":"s","content":"c","from":{"email":"hello@example.com","name":"Acme"}}`), 200)
	// The schema says object: a bare address is refused before the call.
	wantStatus(t, api(t, sb, "u1", "POST", "/functions/sendgrid-send-email/call/", `{"to":"a@b.c","subject":"s","content":"c","from":"hello@example.com"}`), 400)
	r = api(t, sb, "u1", "POST", "/functions/sendgrid-send-email/call/", `{"to":"a@b.c","subject":"s","content":"c","from":{"email":"other@example.com"}}`)
	if !strings.Contains(string(r.body), `"network_code":"403"`) {
		t.Fatalf("an unverified sender: %s", r.body)
	}
	r = api(t, sb, "u1", "POST", "/functions/sendgrid-list-sent-emails/call/", `{}`)
	if !strings.Contains(string(r.body), `"from_name":"Acme"`) {
		t.Fatalf("sent: %s", r.body)
	}
}

// A no-login app's function lists one connected account in meta.app, the
// same on every read, because the official form renders nothing without
// one; the app object itself still lists none, and calls need none.
func TestNoLoginFunctionHasAnAccountInMeta(t *testing.T) {
	sb := sandboxtest.New(t)
	metaAccounts := func(user string) []sdk.ConnectedAccount {
		r := api(t, sb, user, "POST", "/functions/open-meteo-get-forecast/get/?include=meta", `{}`)
		wantStatus(t, r, 200)
		var f struct {
			Meta struct {
				App sdk.App `json:"app"`
			} `json:"meta"`
		}
		if err := json.Unmarshal(r.body, &f); err != nil {
			t.Fatal(err)
		}
		return f.Meta.App.ConnectedAccounts
	}
	first, again, other := metaAccounts("u1"), metaAccounts("u1"), metaAccounts("u2")
	if len(first) != 1 || len(again) != 1 || first[0].ID != again[0].ID || first[0].DisplayName == "" {
		t.Fatalf("meta.app.connected_accounts %+v then %+v: want one account, the same each time", first, again)
	}
	if len(other) != 1 || other[0].ID == first[0].ID {
		t.Fatalf("another user's implicit account %+v equals %+v", other, first)
	}
	r := api(t, sb, "u1", "POST", "/apps/open-meteo/get/", "")
	if !strings.Contains(string(r.body), `"connected_accounts":[]`) {
		t.Errorf("the app object lists the implicit account: %s", r.body)
	}
	r = api(t, sb, "u1", "POST", "/functions/open-meteo-get-forecast/call/?connected_account_id="+sandboxtest.AccountID(first[0].ID), `{"city":"berlin","days":"2"}`)
	wantStatus(t, r, 200)
	// The function list with meta carries it too, and a slack function's
	// meta.app stays without accounts for a user who connected none.
	r = api(t, sb, "u1", "POST", "/functions/list/?include=meta", `{}`)
	if !strings.Contains(string(r.body), `"display_name":"No login required"`) {
		t.Errorf("functions/list: no implicit account for open-meteo")
	}
}

// A data source's body holds strings only: the sandbox reads "20" and
// "true" as the number and boolean the called function declares, drops the
// query_string_data copy, and still refuses a string that is neither.
func TestDataSourceStringsAreCoerced(t *testing.T) {
	sb := sandboxtest.New(t)
	sb.Connect(t, "u1", "slack", "me@slack")
	r := api(t, sb, "u1", "POST", "/functions/slack-list-conversations/call/",
		`{"limit":"2","exclude_archived":"true","query_string_data":{"limit":"2","exclude_archived":"true"}}`)
	wantStatus(t, r, 200)
	var res struct {
		Output []map[string]any `json:"output"`
	}
	json.Unmarshal(r.body, &res)
	if len(res.Output) != 2 {
		t.Fatalf("limit \"2\" gave %d channels: %s", len(res.Output), r.body)
	}
	r = api(t, sb, "u1", "POST", "/functions/slack-list-conversations/call/", `{"limit":"two"}`)
	if r.status == 200 || !strings.Contains(string(r.body), "limit") {
		t.Fatalf("limit \"two\": %d %s", r.status, r.body)
	}
}

// The catalog exercises the form: every ui_field type the official
// function form draws (docs/protocol.md#official-form-types) appears on at
// least one property the sandbox serves, nested ones included.
func TestCatalogHasEveryUIFieldType(t *testing.T) {
	sb := sandboxtest.New(t)
	r := api(t, sb, "u1", "POST", "/functions/list/?include=meta&page_size=100", `{}`)
	wantStatus(t, r, 200)
	seen := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if f, ok := x["ui_field"].(map[string]any); ok {
				if typ, ok := f["type"].(string); ok {
					seen[typ] = true
				}
			}
			for _, c := range x {
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	var page any
	if err := json.Unmarshal(r.body, &page); err != nil {
		t.Fatal(err)
	}
	walk(page)
	for _, typ := range []string{"TEXTFIELD", "TEXTAREA", "STATIC_DROPDOWN", "CHECKBOX", "DYNAMIC_DROPDOWN", "CUSTOM_FIELDS", "STANDARD_FIELDS"} {
		if !seen[typ] {
			t.Errorf("no catalog property is a %s (seen %v)", typ, seen)
		}
	}
}
