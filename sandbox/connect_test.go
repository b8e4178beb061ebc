package sandbox_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/integry-go/integry/sandbox/sandboxtest"
	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/sdk/authhash"
	"github.com/integry-go/integry/sdk/nethttp"
)

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
