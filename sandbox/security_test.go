package sandbox_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/integry-go/integry/sandbox"
	"github.com/integry-go/integry/sandbox/sandboxtest"
)

// The attacks of docs/sandbox-security.md, one endpoint family at a time:
// a forged Host (DNS rebinding), a cross-site text/plain POST (a form or a
// no-cors fetch, which needs no preflight) and a foreign Origin. Each must
// be refused and change nothing.

const evil = "http://evil.example"

// raw sends one request exactly as given: host, when set, replaces the Host
// header; headers are key, value pairs; no Content-Type unless given.
func raw(t *testing.T, method, target, host, body string, headers ...string) reply {
	t.Helper()
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return reply{resp.StatusCode, resp.Header, b}
}

// refused fails unless r is a 403 whose detail contains want.
func refused(t *testing.T, what string, r reply, want string) {
	t.Helper()
	d, _ := r.json(t)["detail"].(string)
	if r.status != http.StatusForbidden || !strings.Contains(d, want) {
		t.Errorf("%s: %d %s; want 403 naming %q", what, r.status, r.body, want)
	}
}

// rebound is the Host a DNS-rebinding page sends: its own name, our port.
func rebound(sb *sandboxtest.Sandbox) string {
	u, _ := url.Parse(sb.URL)
	return "evil.example:" + u.Port()
}

func TestHostAllowlist(t *testing.T) {
	sb := sandboxtest.New(t, sandboxtest.WithOptions(func(o *sandbox.Options) {
		o.AllowedHosts = []string{"dev.example", "Tunnel.Example:443"}
	}))
	port := strings.TrimPrefix(rebound(sb), "evil.example:")
	for _, host := range []string{"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST.:" + port, "[::1]:" + port, "localhost",
		"dev.example:" + port, "dev.example", "tunnel.example"} {
		if r := raw(t, "GET", sb.URL+"/_sandbox/health", host, ""); r.status != 200 {
			t.Errorf("Host %q: %d %s", host, r.status, r.body)
		}
	}
	for _, host := range []string{"evil.example:" + port, "127.0.0.1.evil.example", "localhost.evil.example:" + port, "dev.example.evil.example", "192.0.2.1:" + port} {
		r := raw(t, "GET", sb.URL+"/_sandbox/health", host, "")
		refused(t, "Host "+host, r, "-allowed-host ")
	}
	r := raw(t, "GET", sb.URL+"/", rebound(sb), "")
	refused(t, "a forged Host", r, "start it with -allowed-host evil.example.")

	for _, bad := range []string{"http://dev.example", "dev.example/x", "*.example", "", "a b"} {
		if _, err := sandbox.New(sandbox.Options{Memory: true, AllowedHosts: []string{bad}}); err == nil {
			t.Errorf("AllowedHosts %q must be refused", bad)
		}
	}
}

func TestTheHostOfAddrAndOfTheBaseURLAreAllowed(t *testing.T) {
	sb := sandboxtest.New(t, sandboxtest.WithOptions(func(o *sandbox.Options) { o.Addr = "laptop.lan:8080" }))
	sb.Server.SetBaseURL("https://sandbox.example")
	for _, host := range []string{"laptop.lan:8080", "sandbox.example"} {
		if r := raw(t, "GET", sb.URL+"/_sandbox/health", host, ""); r.status != 200 {
			t.Errorf("Host %q: %d %s", host, r.status, r.body)
		}
	}
}

// A refused request changes nothing, not even a fault's hit count: the
// Host and origin checks run before fault injection.
func TestRefusalsComeBeforeFaults(t *testing.T) {
	sb := sandboxtest.New(t)
	sb.AddFault(t, sandbox.Fault{Path: "*", Status: 500})
	refused(t, "forged Host", raw(t, "GET", sb.URL+"/verify-sdk-config/?"+sb.Query("u"), rebound(sb), ""), "-allowed-host")
	refused(t, "foreign Origin", raw(t, "POST", sb.URL+"/apps/list/?"+sb.Query("u"), "", "{}", "Origin", evil), "-allow-origin "+evil)
	if f := sb.Server.Faults(); len(f) != 1 || f[0].Hits != 0 {
		t.Fatalf("faults after refused requests: %+v", f)
	}
}

func TestSessionRefusesForgedHostsAndForeignOrigins(t *testing.T) {
	page := "http://localhost:5173"
	sb := sandboxtest.New(t, sandboxtest.WithAllowOrigins(page))
	target := sb.URL + "/_sandbox/session?user_id=victim"
	hash := sb.Hash("victim")
	check := func(what string, r reply, want string) {
		t.Helper()
		refused(t, what, r, want)
		if strings.Contains(string(r.body), hash) {
			t.Errorf("%s: the answer carries the victim's hash", what)
		}
	}
	check("forged Host", raw(t, "GET", target, rebound(sb), ""), "-allowed-host evil.example")
	check("foreign Origin", raw(t, "GET", target, "", "", "Origin", evil), "-allow-origin "+evil)
	check("opaque Origin", raw(t, "GET", target, "", "", "Origin", "null"), "opaque origin")
	check("no-cors cross-site", raw(t, "GET", target, "", "", "Sec-Fetch-Site", "cross-site"), "Cross-site")
	check("cross-site text/plain POST", raw(t, "POST", target, "", "x", "Origin", evil, "Content-Type", "text/plain"), "-allow-origin "+evil)

	// Allowed: a program, the sandbox's own page, an allowed origin, and
	// the address bar (Sec-Fetch-Site: none).
	for _, h := range [][]string{nil, {"Sec-Fetch-Site", "same-origin"}, {"Origin", sb.URL}, {"Origin", page}, {"Sec-Fetch-Site", "none"}} {
		r := raw(t, "GET", target, "", "", h...)
		if r.status != 200 || !strings.Contains(string(r.body), hash) {
			t.Errorf("session with %v: %d %s", h, r.status, r.body)
		}
	}
}

// "*" opens the emulated Integry API to every origin, never the sandbox's
// own controls: a hash for any user, faults, consent.
func TestAWildcardOriginDoesNotOpenTheSandboxControls(t *testing.T) {
	sb := sandboxtest.New(t, sandboxtest.WithAllowOrigins("*"))
	refused(t, "session", raw(t, "GET", sb.URL+"/_sandbox/session?user_id=v", "", "", "Origin", evil), "-allow-origin "+evil)
	refused(t, "faults", raw(t, "POST", sb.URL+"/_sandbox/faults", "", `{"path":"*","status":500}`,
		"Origin", evil, "Content-Type", "application/json"), "-allow-origin "+evil)
	refused(t, "consent", raw(t, "POST", sb.URL+"/sandbox/login/slack/?"+sb.Query("u"), "", "decision=allow&display_name=x",
		"Origin", evil, "Content-Type", "application/x-www-form-urlencoded"), "-allow-origin "+evil)
	if len(sb.Server.Faults()) != 0 || connected(t, sb, "u", "slack") != 0 {
		t.Fatal("a refused request changed the sandbox")
	}
	// The API, as before this check existed.
	sb.Connect(t, "u", "slack", "jane")
	r := raw(t, "POST", sb.URL+"/functions/slack-post-message/call/?"+sb.Query("u"), "", `{"channel":"general","text":"hi"}`,
		"Origin", evil, "Content-Type", "text/plain")
	if r.status != 200 || r.header.Get("Access-Control-Allow-Origin") != evil {
		t.Fatalf("API call from any origin under \"*\": %d %s", r.status, r.body)
	}
}

func TestFaultsRefuseForgedHostsCrossSitePostsAndForeignOrigins(t *testing.T) {
	page := "http://localhost:5173"
	sb := sandboxtest.New(t, sandboxtest.WithAllowOrigins(page))
	target := sb.URL + "/_sandbox/faults"
	fault := `{"path":"*","status":500}`
	refused(t, "forged Host", raw(t, "POST", target, rebound(sb), fault, "Content-Type", "application/json"), "-allowed-host evil.example")
	// What a cross-site <form enctype="text/plain"> or a no-cors fetch sends.
	refused(t, "cross-site text/plain POST", raw(t, "POST", target, "", fault, "Origin", evil, "Content-Type", "text/plain"), "-allow-origin "+evil)
	refused(t, "foreign Origin", raw(t, "POST", target, "", fault, "Origin", evil, "Content-Type", "application/json"), "-allow-origin "+evil)
	refused(t, "opaque Origin", raw(t, "POST", target, "", fault, "Origin", "null", "Content-Type", "application/json"), "opaque origin")
	// Not JSON is refused from anyone, the sandbox's own origin included.
	for _, h := range [][]string{{"Content-Type", "text/plain"}, {"Content-Type", "application/x-www-form-urlencoded"}, {"Origin", sb.URL, "Content-Type", "text/plain"}, nil} {
		if r := raw(t, "POST", target, "", fault, h...); r.status != http.StatusUnsupportedMediaType {
			t.Errorf("POST with %v: %d %s, want 415", h, r.status, r.body)
		}
	}
	if f := sb.Server.Faults(); len(f) != 0 {
		t.Fatalf("faults after refused requests: %+v", f)
	}

	// Deleting is refused the same way, and the fault stays.
	f := sb.AddFault(t, sandbox.Fault{Path: "/apps/*", LatencyMS: 1})
	refused(t, "forged Host DELETE", raw(t, "DELETE", target, rebound(sb), ""), "-allowed-host")
	refused(t, "foreign DELETE", raw(t, "DELETE", target+"/"+jsonOf(f.ID), "", "", "Origin", evil), "-allow-origin "+evil)
	if got := sb.Server.Faults(); len(got) != 1 || got[0].ID != f.ID {
		t.Fatalf("faults after refused deletes: %+v", got)
	}

	// Allowed: JSON from a program, the sandbox's own page, an allowed origin.
	for _, h := range [][]string{nil, {"Origin", sb.URL}, {"Origin", page}} {
		r := raw(t, "POST", target, "", `{"path":"/x","latency_ms":1}`, append([]string{"Content-Type", "application/json; charset=utf-8"}, h...)...)
		wantStatus(t, r, http.StatusCreated)
	}
	wantStatus(t, raw(t, "DELETE", target, "", "", "Origin", page), http.StatusNoContent)
}

// connected counts user's accounts of app, through the API.
func connected(t *testing.T, sb *sandboxtest.Sandbox, user, app string) int {
	t.Helper()
	accs, err := sb.Client(t, user).ConnectedAccounts(t.Context(), app)
	if err != nil {
		t.Fatal(err)
	}
	return len(accs)
}

var tokenRe = regexp.MustCompile(`name="consent_token" value="([^"]+)"`)

// consentToken renders user's consent page for app and returns its token.
func consentToken(t *testing.T, sb *sandboxtest.Sandbox, user, app string) string {
	t.Helper()
	r := raw(t, "GET", sb.URL+"/sandbox/login/"+app+"/?"+sb.Query(user), "", "")
	m := tokenRe.FindStringSubmatch(string(r.body))
	if r.status != 200 || m == nil {
		t.Fatalf("consent page: %d, token %v", r.status, m)
	}
	return m[1]
}

func TestConsentRefusesForgedHostsCrossSitePostsAndForeignOrigins(t *testing.T) {
	page := "http://localhost:5173"
	sb := sandboxtest.New(t, sandboxtest.WithAllowOrigins(page))
	target := sb.URL + "/sandbox/login/slack/?" + sb.Query("victim")
	token := consentToken(t, sb, "victim", "slack")
	allow := url.Values{"decision": {"allow"}, "display_name": {"attacker"}, "consent_token": {token}}.Encode()
	form := "application/x-www-form-urlencoded"

	refused(t, "forged Host", raw(t, "POST", target, rebound(sb), allow, "Content-Type", form), "-allowed-host evil.example")
	refused(t, "cross-site text/plain POST", raw(t, "POST", target, "", "decision=allow&display_name=attacker",
		"Origin", evil, "Content-Type", "text/plain", "Sec-Fetch-Site", "cross-site"), "-allow-origin "+evil)
	// Even with the right token (which no foreign page can read).
	refused(t, "foreign Origin", raw(t, "POST", target, "", allow, "Origin", evil, "Content-Type", form), "-allow-origin "+evil)
	// A sandboxed frame posts with Origin "null".
	refused(t, "opaque Origin", raw(t, "POST", target, "", allow, "Origin", "null", "Content-Type", form), "opaque origin")
	// A browser post without the page's token, or with another page's, is
	// not the consent page's own form, whatever its origin.
	other := consentToken(t, sb, "someone-else", "slack")
	for _, body := range []string{
		"decision=allow&display_name=attacker",
		url.Values{"decision": {"allow"}, "display_name": {"attacker"}, "consent_token": {other}}.Encode(),
		url.Values{"decision": {"allow"}, "display_name": {"attacker"}, "consent_token": {consentToken(t, sb, "victim", "hubspot")}}.Encode(),
	} {
		for _, h := range [][]string{{"Origin", sb.URL}, {"Origin", page}, {"Sec-Fetch-Site", "same-origin"}} {
			r := raw(t, "POST", target, "", body, append([]string{"Content-Type", form}, h...)...)
			refused(t, "no token of this page, "+h[1], r, "consent_token")
		}
	}
	if n := connected(t, sb, "victim", "slack"); n != 0 {
		t.Fatalf("%d accounts after refused consent posts", n)
	}

	// The real form: the page's own token, from its own origin.
	r := raw(t, "POST", target, "", allow, "Content-Type", form, "Origin", sb.URL, "Sec-Fetch-Site", "same-origin")
	if r.status != 200 || !strings.Contains(string(r.body), "is connected") {
		t.Fatalf("the consent page's own form: %d %s", r.status, r.body)
	}
	if n := connected(t, sb, "victim", "slack"); n != 1 {
		t.Fatalf("%d accounts after Allow", n)
	}
}

func TestConsentPageCannotBeFramed(t *testing.T) {
	sb := sandboxtest.New(t)
	r := raw(t, "GET", sb.URL+"/sandbox/login/slack/?"+sb.Query("u"), "", "")
	if r.header.Get("X-Frame-Options") != "DENY" || r.header.Get("Content-Security-Policy") != "frame-ancestors 'none'" ||
		r.header.Get("Referrer-Policy") != "same-origin" {
		t.Fatalf("consent page headers %v", r.header)
	}
}

func TestAPIRefusesForgedHostsCrossSitePostsAndForeignOrigins(t *testing.T) {
	page := "http://localhost:5173"
	sb := sandboxtest.New(t, sandboxtest.WithAllowOrigins(page))
	id := sb.Connect(t, "victim", "slack", "jane")
	call := sb.URL + "/functions/slack-post-message/call/?" + sb.Query("victim")
	msg := `{"channel":"general","text":"pwned"}`

	refused(t, "forged Host", raw(t, "POST", call, rebound(sb), msg, "Content-Type", "application/json"), "-allowed-host evil.example")
	refused(t, "cross-site text/plain POST", raw(t, "POST", call, "", msg, "Origin", evil, "Content-Type", "text/plain"), "-allow-origin "+evil)
	refused(t, "opaque Origin", raw(t, "POST", call, "", msg, "Origin", "null", "Content-Type", "text/plain"), "opaque origin")
	refused(t, "foreign Origin DELETE", raw(t, "DELETE", sb.URL+"/connected-accounts/"+sandboxtest.AccountID(id)+"?"+sb.Query("victim"), "", "",
		"Origin", evil), "-allow-origin "+evil)
	refused(t, "forged Host DELETE", raw(t, "DELETE", sb.URL+"/connected-accounts/"+sandboxtest.AccountID(id)+"?"+sb.Query("victim"), rebound(sb), ""),
		"-allowed-host")
	if calls := sb.Calls(t, "victim"); len(calls) != 0 {
		t.Fatalf("calls after refused requests: %+v", calls)
	}
	if n := connected(t, sb, "victim", "slack"); n != 1 {
		t.Fatalf("%d accounts after refused deletes, want 1", n)
	}
	history := raw(t, "POST", sb.URL+"/functions/slack-get-conversation-history/call/?"+sb.Query("victim"), "", `{"channel":"general"}`)
	if strings.Contains(string(history.body), "pwned") {
		t.Fatalf("the provider got the message: %s", history.body)
	}

	// Exactly as before for the SDKs: programs, the sandbox's own pages and
	// allowed origins, whatever the Content-Type.
	for _, h := range [][]string{nil, {"Origin", sb.URL}, {"Origin", page, "Content-Type", "text/plain"}} {
		r := raw(t, "POST", call, "", `{"channel":"general","text":"hi"}`, h...)
		if r.status != 200 || !strings.Contains(string(r.body), `"network_code"`) {
			t.Errorf("call with %v: %d %s", h, r.status, r.body)
		}
	}
	if n := len(sb.Calls(t, "victim")); n != 4 { // three posts and the history read
		t.Fatalf("%d calls logged, want 4", n)
	}
}
