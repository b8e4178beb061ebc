package sandbox_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/integry-go/integry/internal/browsertest"
	"github.com/integry-go/integry/sandbox/sandboxtest"
)

// openerPage fetches the app from the sandbox (so login_url carries this
// page's origin), opens login_url in a popup on a click, and records the
// first message it receives and when the popup closes.
const openerPage = `<!doctype html><html><head><meta charset="utf-8"><title>opener</title></head><body>
<button id="connect">Connect</button>
<script>
window.message = new Promise(function (resolve) {
  addEventListener("message", function (e) { resolve(JSON.stringify({origin: e.origin, data: e.data})); });
});
document.getElementById("connect").addEventListener("click", function () {
  window.popup = window.open("about:blank", "auth", "width=800,height=600");
  fetch(SANDBOX + "/apps/" + APP + "/get/?" + QUERY, {method: "POST"})
    .then(function (r) { return r.json(); })
    .then(function (app) { popup.location.href = app.login_url; });
  window.popupClosed = new Promise(function (resolve) {
    var timer = setInterval(function () { if (popup.closed) { clearInterval(timer); resolve(true); } }, 50);
  });
});
</script></body></html>`

// connectInBrowser clicks Connect on the opener page, then decision in the
// consent popup, and returns the message the opener received.
func connectInBrowser(t *testing.T, sb *sandboxtest.Sandbox, app, user, decision, displayName string) (origin string, data map[string]any) {
	t.Helper()
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		vars := "<script>var SANDBOX = " + jsonOf(sb.URL) + ", APP = " + jsonOf(app) + ", QUERY = " + jsonOf(sb.Query(user)) + ";</script>"
		w.Write([]byte(strings.Replace(openerPage, "<body>", "<body>"+vars, 1)))
	}))
	t.Cleanup(page.Close)
	sb.Server.AllowOrigin(page.URL)

	ctx := browsertest.New(t, browsertest.Options{BlockPopups: true})
	if err := chromedp.Do(ctx, chromedp.Navigate(page.URL+"/")); err != nil {
		t.Fatal(err)
	}
	popupID := chromedp.WaitNewTarget(ctx, func(i *target.Info) bool { return i.Type == "page" })
	if err := chromedp.Do(ctx, chromedp.Click("#connect")); err != nil {
		t.Fatal(err)
	}
	pctx, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(<-popupID))
	defer cancel()
	steps := []chromedp.Action[chromedp.Void]{chromedp.WaitVisible(`button[value="` + decision + `"]`)}
	if displayName != "" {
		steps = append(steps, chromedp.SetValue("#display_name", displayName))
	}
	steps = append(steps, chromedp.Click(`button[value="`+decision+`"]`))
	if err := chromedp.Do(pctx, steps...); err != nil {
		t.Fatal(err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string]("message", chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Origin string         `json:"origin"`
		Data   map[string]any `json:"data"`
	}
	json.Unmarshal([]byte(raw), &m)
	if closed, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("popupClosed", chromedp.EvalAwaitPromise)); err != nil || !closed {
		t.Fatalf("the consent popup must close itself: %v", err)
	}
	return m.Origin, m.Data
}

func TestConsentPopupPostsTheConnectResultToItsOpener(t *testing.T) {
	sb := sandboxtest.New(t)
	origin, data := connectInBrowser(t, sb, "hubspot", "popup-user", "allow", "crm@acme.com")
	if origin != sb.URL {
		t.Fatalf("message origin %q, want the sandbox %q", origin, sb.URL)
	}
	accs, err := sb.Client(t, "popup-user").ConnectedAccounts(t.Context(), "hubspot")
	if err != nil || len(accs) != 1 {
		t.Fatalf("accounts %v %v", accs, err)
	}
	if data["authorization_id"] != float64(accs[0].ID) || data["user_identity"] != "crm@acme.com" || data["already_exists"] != false ||
		data["external_id"] == "" || data["activity_name"] == "" || len(data) != 5 {
		t.Fatalf("message data %v", data)
	}
}

func TestConsentPopupDenyPostsAnError(t *testing.T) {
	sb := sandboxtest.New(t)
	_, data := connectInBrowser(t, sb, "slack", "deny-user", "deny", "")
	if msg, _ := data["error"].(string); msg == "" || len(data) != 1 {
		t.Fatalf("deny message %v", data)
	}
	if ok, _ := sb.Client(t, "deny-user").IsAppConnected(t.Context(), "slack"); ok {
		t.Fatal("deny must not connect")
	}
}
