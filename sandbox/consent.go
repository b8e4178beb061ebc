package sandbox

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// The consent pages stand in for the providers' OAuth screens (and, for API
// key apps, for Integry's key form). login_url points at
// /sandbox/login/{app}/?app_key&hash&user_id[&origin]. The form posts back to
// the same URL; on Allow the account is stored and the page posts
// {authorization_id, user_identity, already_exists, external_id,
// activity_name} to window.opener with the opener's exact origin as target,
// then closes itself. Deny posts {"error": "…"} and closes.
//
// A page elsewhere must not be able to press Allow for the developer
// (docs/sandbox-security.md). The form carries a consent_token that only
// the rendered page knows: an HMAC of the user and the app under a key
// drawn at start-up. A POST from a browser (it sends Origin or
// Sec-Fetch-Site) needs that token and an origin that is the sandbox's own
// or exactly allowed; programs without a browser (tests, curl) need
// neither, since no page can make a request without those headers. The
// page cannot be framed, so it cannot be clicked through a disguise, and
// its referrer policy is same-origin, so its own form post names the
// sandbox's origin rather than "null".

// ConnectMessage is what the consent page posts to its opener on Allow.
type ConnectMessage struct {
	AuthorizationID int64  `json:"authorization_id"`
	UserIdentity    string `json:"user_identity"`
	AlreadyExists   bool   `json:"already_exists"`
	ExternalID      string `json:"external_id"`
	ActivityName    string `json:"activity_name"`
}

var consentTmpl = template.Must(template.New("consent").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="same-origin">
<title>{{.Title}} · Integry sandbox</title>
<style>
/* Allow comes first, so Enter in a field means Allow. */
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d1f23}
main{max-width:420px;margin:40px auto;background:#fff;border-radius:12px;padding:28px;box-shadow:0 2px 12px #0002}
h1{font-size:1.3rem;margin:.2em 0 .6em}img{width:48px;height:48px;border-radius:10px}
label{display:block;font-weight:600;margin-top:1em}input{width:100%;box-sizing:border-box;padding:.55em;font:inherit;border:1px solid #8a8f98;border-radius:6px}
.err{color:#a4000f;margin-top:.5em}.row{display:flex;gap:.8em;margin-top:1.4em}
button{flex:1;padding:.7em;font:inherit;font-weight:600;border-radius:6px;border:1px solid #1d1f23;cursor:pointer}
button[value=allow]{background:#1d4ed8;border-color:#1d4ed8;color:#fff}button[value=deny]{background:#fff}
small{color:#555}
@media (prefers-color-scheme: dark){
body{background:#111317;color:#e6e8eb}main{background:#1c1f24;box-shadow:0 2px 12px #0008}
input{background:#111317;color:#e6e8eb;border-color:#6b7280}button{border-color:#e6e8eb;color:#e6e8eb}
button[value=deny]{background:#1c1f24}small{color:#a8adb5}.err{color:#ff8a8a}
}
</style></head><body><main>
{{if .Done}}
<h1>{{.Title}}</h1><p id="status" role="status">{{.Status}}</p>
<script>
(function () {
  var data = {{.Message}};
  var origin = {{.Origin}};
  if (window.opener && origin) { window.opener.postMessage(data, origin); }
  setTimeout(function () { window.close(); }, 300);
})();
</script>
{{else}}
<img src="{{.Icon}}" alt=""><h1>{{.Title}}</h1>
<p><strong>{{.AppName}}</strong> (an Integry sandbox app) asks to access your {{.AppTitle}} account on behalf of <strong>{{.User}}</strong>.</p>
<form method="post" action="{{.Action}}">
<input type="hidden" name="consent_token" value="{{.Token}}">
<label for="display_name">Account name</label>
<input id="display_name" name="display_name" value="{{.DisplayName}}" required maxlength="100" autocomplete="off"{{if .Errors.display_name}} aria-invalid="true" aria-describedby="display_name_err"{{end}}>
{{with .Errors.display_name}}<p class="err" id="display_name_err">{{.}}</p>{{end}}
{{if .APIKey}}<label for="api_key">{{.AppTitle}} API key</label>
<input id="api_key" name="api_key" value="" autocomplete="off" placeholder="SG.xxxxxxxx"{{if .Errors.api_key}} aria-invalid="true" aria-describedby="api_key_err"{{end}}>
{{with .Errors.api_key}}<p class="err" id="api_key_err">{{.}}</p>{{end}}
<small>Any key that starts with SG. works in the sandbox.</small>{{end}}
<div class="row"><button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" formnovalidate>Deny</button></div>
</form>
{{end}}
</main></body></html>
`))

type consentPage struct {
	Title, AppName, AppTitle, User, Icon, Action, DisplayName, Status, Origin, Token string
	APIKey, Done                                                                     bool
	Errors                                                                           map[string]string
	Message                                                                          any
}

// externalID derives the provider-side account ID: the same user naming the
// same account gets the same ID (and the same API key always does), which
// is how reconnecting reports already_exists.
func externalID(user, app, key string) string {
	h := sha256.Sum256([]byte(user + "\x00" + app + "\x00" + strings.ToLower(strings.TrimSpace(key))))
	return strings.ToUpper(hex.EncodeToString(h[:5]))
}

// consentToken is the consent_token of user's consent page for app.
func (s *Server) consentToken(user, app string) string {
	m := hmac.New(sha256.New, s.consentKey)
	m.Write([]byte("consent\x00" + user + "\x00" + app))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// fromBrowser reports whether a browser sent r: browsers add Origin to
// every request that may change state, and Sec-Fetch-Site to every
// request to a loopback or https origin; a page cannot remove either.
func fromBrowser(r *http.Request) bool {
	return r.Header.Get("Origin") != "" || r.Header.Get("Sec-Fetch-Site") != ""
}

// validAPIKey is the sandbox SendGrid's idea of a key: "SG." and at least
// three more characters, at most 200 in all.
func validAPIKey(k string) bool {
	return strings.HasPrefix(k, "SG.") && len(k) >= 6 && len(k) <= 200
}

func (s *Server) login(w http.ResponseWriter, r *http.Request, appName string) {
	a := s.cat.byApp[appName]
	if a == nil || a.Auth == AuthNone {
		detail(w, http.StatusNotFound, "App not found")
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		detail(w, http.StatusMethodNotAllowed, "Method \""+r.Method+"\" not allowed.")
		return
	}
	user, status, msg := s.authenticate(r)
	if status != 0 {
		detail(w, status, msg)
		return
	}
	// The opener's origin: from login_url, else from the Referer of the
	// popup's first load. Either way it must be an allowed origin.
	q := r.URL.Query()
	origin := s.postMessageOrigin(r, q.Get("origin"))
	if origin == "" && r.Method == http.MethodGet {
		if ref, err := url.Parse(r.Referer()); err == nil && ref.Host != "" {
			origin = s.postMessageOrigin(r, ref.Scheme+"://"+ref.Host)
		}
	}
	if origin != "" {
		q.Set("origin", origin)
	}
	page := consentPage{
		Title: "Connect " + a.Title, AppName: s.opts.AppName, AppTitle: a.Title, User: user,
		Icon: a.iconPath(), Action: "/sandbox/login/" + url.PathEscape(a.Name) + "/?" + q.Encode(),
		DisplayName: user + "@" + a.Name + ".example", APIKey: a.Auth == AuthAPIKey, Origin: origin,
		Token: s.consentToken(user, a.Name), Errors: map[string]string{},
	}
	if r.Method == http.MethodGet {
		s.renderConsent(w, http.StatusOK, page)
		return
	}
	if from, foreign := s.crossOrigin(r, false); foreign {
		s.refuseCrossOrigin(w, r, from)
		return
	}
	if err := r.ParseForm(); err != nil {
		detail(w, http.StatusBadRequest, "Malformed form.")
		return
	}
	if fromBrowser(r) && !hmac.Equal([]byte(r.PostForm.Get("consent_token")), []byte(page.Token)) {
		s.log.Warn("refused a consent form without its page's token", "app", a.Name, "origin", r.Header.Get("Origin"))
		detail(w, http.StatusForbidden, "This form was not sent from the sandbox's own consent page (its consent_token is missing or wrong), so nothing was connected. Open login_url again.")
		return
	}
	wantJSON := strings.Contains(r.Header.Get("Accept"), "application/json")
	switch r.PostForm.Get("decision") {
	case "deny":
		msg := map[string]string{"error": "The user denied access to " + a.Title + "."}
		if wantJSON {
			writeJSON(w, http.StatusOK, msg)
			return
		}
		page.Done, page.Message, page.Status = true, msg, "Access denied. This window closes itself."
		s.renderConsent(w, http.StatusOK, page)
		return
	case "allow":
	default:
		detail(w, http.StatusBadRequest, "decision must be allow or deny.")
		return
	}
	display := strings.TrimSpace(r.PostForm.Get("display_name"))
	page.DisplayName = display
	switch {
	case display == "":
		page.Errors["display_name"] = "Enter a name for the account."
	case utf8.RuneCountInString(display) > 100 || !utf8.ValidString(display):
		page.Errors["display_name"] = "Use at most 100 characters."
	}
	key := display
	apiKey := ""
	if a.Auth == AuthAPIKey {
		apiKey = strings.TrimSpace(r.PostForm.Get("api_key"))
		if !validAPIKey(apiKey) {
			page.Errors["api_key"] = a.Title + " API keys start with SG. and have at least 3 more characters."
		}
		key = apiKey
	}
	if len(page.Errors) > 0 {
		if wantJSON {
			writeJSON(w, http.StatusBadRequest, page.Errors)
			return
		}
		s.renderConsent(w, http.StatusBadRequest, page)
		return
	}
	ext := externalID(user, a.Name, key)
	if a.Auth == AuthAPIKey {
		ext = externalID("", a.Name, key) // the key is the provider account
	}
	res, err := s.st.connect(user, a, display, ext, apiKey, s.now(), s.opts.TokenTTL)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	s.log.Info("account connected", "app", a.Name, "account", res.Account.ID, "already_exists", res.AlreadyExists)
	s.seedSampleAfterConnect(user, a.Name, ext)
	m := ConnectMessage{AuthorizationID: res.Account.ID, UserIdentity: display, AlreadyExists: res.AlreadyExists,
		ExternalID: ext, ActivityName: "Connected " + a.Title + " account " + display}
	if wantJSON {
		writeJSON(w, http.StatusOK, m)
		return
	}
	page.Done, page.Message = true, m
	page.Status = a.Title + " is connected. This window closes itself."
	if origin == "" {
		page.Status = a.Title + " is connected, but no allowed opener origin was given, so the page that opened this window was not told. Close this window."
	}
	s.renderConsent(w, http.StatusOK, page)
}

func (s *Server) renderConsent(w http.ResponseWriter, status int, p consentPage) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "same-origin")
	w.Header().Set("X-Frame-Options", "DENY")
	w.Header().Set("Content-Security-Policy", "frame-ancestors 'none'")
	w.WriteHeader(status)
	if err := consentTmpl.Execute(w, p); err != nil {
		s.log.Error("rendering the consent page", "err", err)
	}
}
