package sandbox_test

import (
	"encoding/json"
	"html/template"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/integry-go/integry/internal/browsertest"
	"github.com/integry-go/integry/sandbox/sandboxtest"
)

// officialBundle is the UMD build of @integry/sdk 4.9.37 from npm
// (npm install --prefix web).
var officialBundle = filepath.Join("..", "web", "node_modules", "@integry", "sdk", "dist", "umd", "index.umd.js")

var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>official sdk</title>
<script src="/integry.umd.js"></script></head><body>
<button id="connect" onclick="window.connecting = run(sdk.connectApp('hubspot'))">Connect HubSpot</button>
<script>
window.readyFired = new Promise(function (resolve) {
  window.sdk = new IntegryJS({appKey: {{.AppKey}}, hash: {{.Hash}}, userId: {{.UserID}},
    baseUrl: {{.Base}}, baseAPIUrl: {{.Base}}});
  sdk.eventEmitter.on("ready", function (p) { resolve(p); });
});
// run awaits a promise and returns its JSON, or {"rejected": message}.
window.run = function (p) {
  return Promise.resolve(p).then(function (v) { return JSON.stringify(v === undefined ? null : v); },
    function (e) { return JSON.stringify({rejected: String(e && e.message || e)}); });
};
</script></body></html>`))

// The official @integry/sdk 4.9.37, unchanged, on a page of another origin,
// pointed at the sandbox with baseUrl and baseAPIUrl.
func TestOfficialSDKRunsAgainstTheSandbox(t *testing.T) {
	const user = "browser user+1"
	sb, page := officialPage(t, pageTmpl, user)
	if strings.HasPrefix(page, sb.URL) {
		t.Fatal("the page must be on another origin")
	}

	ctx := browsertest.New(t, browsertest.Options{BlockPopups: true})
	if err := chromedp.Do(ctx, chromedp.Navigate(page+"/")); err != nil {
		t.Fatal(err)
	}
	eval := func(js string) string {
		t.Helper()
		out, err := chromedp.Run(ctx, chromedp.Evaluate[string]("run("+js+")", chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return out
	}
	decode := func(js string, v any) {
		t.Helper()
		out := eval(js)
		if err := json.Unmarshal([]byte(out), v); err != nil {
			t.Fatalf("%s gave %s: %v", js, out, err)
		}
	}

	if got := eval("readyFired"); got != `{"isReady":true}` {
		t.Fatalf("ready payload %s", got)
	}
	if got := eval(`sdk.isAppConnected("slack")`); got != "false" {
		t.Fatalf("isAppConnected before connecting: %s", got)
	}
	id := sb.Connect(t, user, "slack", "jane@acme.com")
	if got := eval(`sdk.isAppConnected("slack")`); got != "true" {
		t.Fatalf("isAppConnected after connecting: %s", got)
	}
	var accounts []struct {
		ID          int64  `json:"id"`
		DisplayName string `json:"display_name"`
		ModifiedAt  string `json:"modified_at"`
	}
	decode(`sdk.getConnectedAccounts("slack")`, &accounts)
	if len(accounts) != 1 || accounts[0].ID != id || accounts[0].DisplayName != "jane@acme.com" || accounts[0].ModifiedAt == "" {
		t.Fatalf("getConnectedAccounts: %+v", accounts)
	}

	// getFunction resolves the bare signature exactly as the API sends it.
	direct := api(t, sb, user, "GET", "/functions/slack-post-message/get/", "")
	if got := eval(`sdk.getFunction("slack-post-message")`); got != string(compact(t, direct.body)) {
		t.Fatalf("getFunction\n %s\nwant\n %s", got, direct.body)
	}

	var res struct {
		NetworkCode  string          `json:"network_code"`
		Output       json.RawMessage `json:"output"`
		NextPage     *string         `json:"next_page"`
		Error        string          `json:"error"`
		ErrorDetails json.RawMessage `json:"error_details"`
	}
	decode(`sdk.invokeFunction("slack-post-message", {channel: "general", text: "from the official sdk"})`, &res)
	if res.NetworkCode != "200" || !strings.Contains(string(res.Output), `"text":"from the official sdk"`) {
		t.Fatalf("invokeFunction: %+v", res)
	}
	res = struct {
		NetworkCode  string          `json:"network_code"`
		Output       json.RawMessage `json:"output"`
		NextPage     *string         `json:"next_page"`
		Error        string          `json:"error"`
		ErrorDetails json.RawMessage `json:"error_details"`
	}{}
	decode(`sdk.invokeFunction("slack-post-message", {channel: "general"})`, &res)
	if res.NetworkCode != "" || res.Error == "" || !strings.Contains(string(res.ErrorDetails), `"text":"This parameter is required`) {
		t.Fatalf("invokeFunction without text resolves the refusal: %+v", res)
	}
	res.Error, res.ErrorDetails = "", nil
	decode(`sdk.invokeFunction("pipedrive-add-a-person", {name: "x"})`, &res)
	if !strings.HasPrefix(string(res.ErrorDetails), `["User has not connected their Pipedrive account.`) {
		t.Fatalf("invokeFunction on an unconnected app: %+v", res)
	}

	// callFunction with _variables, then paging with next_page.
	sb.Connect(t, user, "pipedrive", "pd")
	decode(`sdk.callFunction("pipedrive-add-a-person", {name: "{first} Doe"}, {first: "Jane"})`, &res)
	if res.NetworkCode != "200" || !strings.Contains(string(res.Output), `"name":"Jane Doe"`) {
		t.Fatalf("callFunction with variables: %s", res.Output)
	}
	decode(`sdk.callFunction("pipedrive-add-a-person", {name: "John Roe"}, {})`, &res)
	res.NextPage = nil
	decode(`sdk.callFunction("pipedrive-get-all-persons", {limit: 1}, {})`, &res)
	if res.NetworkCode != "200" || res.NextPage == nil || *res.NextPage == "" || !strings.Contains(string(res.Output), "Jane Doe") {
		t.Fatalf("first page: %+v", res)
	}
	decode(`sdk.callFunction("pipedrive-get-all-persons", {limit: 1, next_page: `+jsonOf(*res.NextPage)+`}, {})`, &res)
	if !strings.Contains(string(res.Output), "John Roe") {
		t.Fatalf("second page: %s", res.Output)
	}

	// disconnectApp by name deletes the only account.
	if got := eval(`sdk.disconnectApp("slack")`); strings.Contains(got, "rejected") {
		t.Fatalf("disconnectApp: %s", got)
	}
	if got := eval(`sdk.isAppConnected("slack")`); got != "false" {
		t.Fatalf("isAppConnected after disconnectApp: %s", got)
	}
	if got := eval(`sdk.disconnectApp("slack")`); !strings.Contains(got, "No connected accounts found for app slack") {
		t.Fatalf("disconnectApp with nothing to disconnect: %s", got)
	}
	// connectApp opens login_url from a click; Allow stores the account.
	// The official listener only trusts https://app.integry.io, so it never
	// sees the result and rejects when the popup closes itself
	// (docs/protocol.md#differs-message-origin); the account is there all
	// the same.
	popupID := chromedp.WaitNewTarget(ctx, func(i *target.Info) bool { return i.Type == "page" })
	if err := chromedp.Do(ctx, chromedp.Click("#connect")); err != nil {
		t.Fatal(err)
	}
	pctx, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(<-popupID))
	defer cancel()
	if err := chromedp.Do(pctx, chromedp.WaitVisible(`button[value="allow"]`), chromedp.SetValue("#display_name", "crm@acme.com"),
		chromedp.Click(`button[value="allow"]`)); err != nil {
		t.Fatal(err)
	}
	if got, err := chromedp.Run(ctx, chromedp.Evaluate[string]("connecting", chromedp.EvalAwaitPromise)); err != nil || got != `{"rejected":"Authorization window was closed by the user"}` {
		t.Fatalf("official connectApp: %s %v", got, err)
	}
	if got := eval(`sdk.getConnectedAccounts("hubspot").then(function (a) { return a.map(function (x) { return x.display_name; }); })`); got != `["crm@acme.com"]` {
		t.Fatalf("hubspot accounts after the consent page: %s", got)
	}

	var names []string
	for _, c := range sb.Calls(t, user) {
		names = append(names, c.Function)
	}
	if strings.Join(names, ",") != "slack-post-message,pipedrive-add-a-person,pipedrive-add-a-person,pipedrive-get-all-persons,pipedrive-get-all-persons" {
		t.Fatalf("call log: %v", names)
	}
}

// The official SDK's own showApps() reads /api/v1/sdk/flow-apps/ and
// /api/v1/app-user-variables/ before it draws its marketplace; against the
// sandbox it shows the sandbox's catalog, connected apps as connected.
func TestOfficialShowAppsRendersTheCatalog(t *testing.T) {
	const user = "marketplace user"
	sb, page := officialPage(t, pageTmpl, user)
	sb.Connect(t, user, "hubspot", "crm@acme.com")

	ctx := browsertest.New(t, browsertest.Options{})
	if err := chromedp.Do(ctx, chromedp.Navigate(page+"/")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`readyFired.then(() => sdk.showApps({renderMode: "INLINE", containerId: "apps"}))`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	// Wait until the cards are drawn (the official SDK has no promise for it).
	text, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => { const c = document.getElementById("apps");
		return c && c.textContent.includes("Open-Meteo") && c.textContent.includes("Slack") ? c.textContent : false })()`))
	if err != nil {
		t.Fatalf("the official marketplace never showed the catalog: %v", err)
	}
	for _, want := range []string{"HubSpot", "Open-Meteo", "Pipedrive", "SendGrid", "Slack", "No login required", "(5)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the official marketplace lacks %q: %s", want, text)
		}
	}
	if strings.Contains(text, "no apps found") {
		t.Errorf("the official marketplace says no apps: %s", text)
	}
}

// officialPage serves the official bundle and tmpl (pageTmpl, or the flows
// page) for user from an origin of its own, and starts a sandbox that allows
// that origin. It skips the test when the official SDK is not installed.
func officialPage(t *testing.T, tmpl *template.Template, user string) (*sandboxtest.Sandbox, string) {
	t.Helper()
	bundle, err := os.ReadFile(officialBundle)
	if err != nil {
		t.Skipf("the official SDK is not installed (%v); run npm install --prefix web", err)
	}
	var sb *sandboxtest.Sandbox
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/integry.umd.js":
			w.Header().Set("Content-Type", "text/javascript")
			w.Write(bundle)
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			tmpl.Execute(w, map[string]string{"AppKey": sb.AppKey, "Hash": sb.Hash(user), "UserID": user, "Base": sb.URL})
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(page.Close)
	sb = sandboxtest.New(t, sandboxtest.WithAllowOrigins(page.URL))
	return sb, page.URL
}
