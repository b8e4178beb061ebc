package sandbox_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/integry-go/integry/sandbox/sandboxtest"
	"github.com/integry-go/integry/sdk"
)

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
