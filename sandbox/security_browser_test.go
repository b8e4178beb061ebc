package sandbox_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/integry-go/integry/internal/browsertest"
	"github.com/integry-go/integry/sandbox"
	"github.com/integry-go/integry/sandbox/sandboxtest"
)

// The attacks of docs/sandbox-security.md in real Chromium. Chromium
// resolves the made-up names below to 127.0.0.1, as a DNS-rebinding
// attacker makes the victim's browser do: evil.example stands for the
// rebound name, attacker.test for an ordinary site the developer visits.
func attackBrowser(t *testing.T) context.Context {
	t.Helper()
	if !browsertest.Available() {
		if os.Getenv("INTEGRY_REQUIRE_BROWSER") == "1" {
			t.Fatal("Chromium is not on PATH (make browser installs it)")
		}
		t.Skip("Chromium is not on PATH; run `make browser`")
	}
	ctx, cancel, err := browsertest.Launch(t.TempDir(), browsertest.Options{},
		chromedp.Flag("host-resolver-rules", "MAP evil.example 127.0.0.1, MAP attacker.test 127.0.0.1, MAP dev.test 127.0.0.1"))
	if err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	t.Cleanup(cancel)
	return ctx
}

// on returns sb's URL under another host name, same port.
func on(sb *sandboxtest.Sandbox, name string) string {
	u, _ := url.Parse(sb.URL)
	return "http://" + name + ":" + u.Port()
}

func TestBrowserDNSRebindingGetsNoSession(t *testing.T) {
	sb := sandboxtest.New(t, sandboxtest.WithOptions(func(o *sandbox.Options) { o.AllowedHosts = []string{"dev.test"} }))
	ctx := attackBrowser(t)
	text := func(u string) string {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		return got
	}
	// The page of a rebound name is same-origin with everything under that
	// name, so the session would be readable: it must not be answered.
	got := text(on(sb, "evil.example") + "/_sandbox/session?user_id=victim")
	if !strings.Contains(got, "-allowed-host evil.example") || strings.Contains(got, sb.Hash("victim")) {
		t.Fatalf("rebound session page: %s", got)
	}
	// The same browser reaches the sandbox under a name it was started for.
	if got := text(on(sb, "dev.test") + "/_sandbox/session?user_id=victim"); !strings.Contains(got, sb.Hash("victim")) {
		t.Fatalf("session under an allowed host: %s", got)
	}
}

// attackPage tries every write a page can make without the sandbox's
// consent: a text/plain form carrying a JSON fault, an auto-submitted
// consent form, a no-cors text/plain function call, and a DELETE.
const attackPage = `<!doctype html><html><head><meta charset="utf-8"><title>attacker</title></head><body>
<iframe name="f1"></iframe><iframe name="f2"></iframe>
<form id="fault" method="post" enctype="text/plain" target="f1">
<input name='{"path":"*","status":500,"x":"' value='"}'></form>
<form id="consent" method="post" target="f2">
<input name="decision" value="allow"><input name="display_name" value="attacker"></form>
<script>
function loaded(name) {
  return new Promise(function (resolve) { document.querySelector("iframe[name=" + name + "]").onload = function () { resolve("loaded"); }; });
}
var f = document.getElementById("fault"), c = document.getElementById("consent");
f.action = SANDBOX + "/_sandbox/faults";
c.action = SANDBOX + "/sandbox/login/slack/?" + QUERY;
var settle = function (p) { return p.then(function () { return "sent"; }, function () { return "failed"; }); };
var done = [loaded("f1"), loaded("f2")];
f.submit(); c.submit();
done.push(settle(fetch(SANDBOX + "/functions/slack-post-message/call/?" + QUERY,
  {method: "POST", mode: "no-cors", headers: {"Content-Type": "text/plain"}, body: '{"channel":"general","text":"pwned"}'})));
done.push(settle(fetch(SANDBOX + "/connected-accounts/" + ACCOUNT + "?" + QUERY, {method: "DELETE"})));
window.attacked = Promise.all(done).then(function (r) { return JSON.stringify(r); });
</script></body></html>`

func TestBrowserCrossSitePageChangesNothing(t *testing.T) {
	sb := sandboxtest.New(t)
	id := sb.Connect(t, "victim", "slack", "jane")
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		vars := "<script>var SANDBOX = " + jsonOf(sb.URL) + ", QUERY = " + jsonOf(sb.Query("victim")) +
			", ACCOUNT = " + jsonOf(sandboxtest.AccountID(id)) + ";</script>"
		w.Write([]byte(strings.Replace(attackPage, "<body>", "<body>"+vars, 1)))
	}))
	t.Cleanup(page.Close)
	pu, _ := url.Parse(page.URL)

	ctx := attackBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate("http://attacker.test:"+pu.Port()+"/")); err != nil {
		t.Fatal(err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`attacked`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("iframes loaded, fetches settled: %s", out)
	if f := sb.Server.Faults(); len(f) != 0 {
		t.Errorf("the text/plain form installed a fault: %+v", f)
	}
	accs, err := sb.Client(t, "victim").ConnectedAccounts(t.Context(), "slack")
	if err != nil || len(accs) != 1 || accs[0].ID != id {
		t.Errorf("accounts after the attack: %+v %v; want only %d", accs, err, id)
	}
	if calls := sb.Calls(t, "victim"); len(calls) != 0 {
		t.Errorf("the no-cors call was executed: %+v", calls)
	}
}
