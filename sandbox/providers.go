package sandbox

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The fake providers are small stateful HTTP APIs under /providers/{app}/,
// shaped like the real ones closely enough for the seed's samples. The
// sandbox reaches them over real HTTP with the account's bearer token; their
// data lives in the same store, keyed by the connected external account.

// preq is one provider request after authentication.
type preq struct {
	s    *Server
	w    http.ResponseWriter
	r    *http.Request
	app  string
	path []string // after /providers/{app}/
	tok  token    // zero for apps without login
	body map[string]any
}

// providerFunc handles one app's API. It returns false for an unknown route.
type providerFunc func(p *preq) bool

// providers maps app names to their fake APIs. A catalog app must have one.
var providers = map[string]providerFunc{
	"slack":      slackProvider,
	"pipedrive":  pipedriveProvider,
	"hubspot":    hubspotProvider,
	"sendgrid":   sendgridProvider,
	"open-meteo": openMeteoProvider,
}

// unauthorized bodies, as each provider words them.
var unauthorizedBody = map[string]any{
	"slack":     map[string]any{"ok": false, "error": "invalid_auth"},
	"pipedrive": map[string]any{"success": false, "error": "unauthorized access", "errorCode": 401},
	"hubspot":   map[string]any{"status": "error", "message": "Authentication credentials not found.", "category": "INVALID_AUTHENTICATION"},
	"sendgrid":  map[string]any{"errors": []any{map[string]any{"field": nil, "message": "authorization required"}}},
}

func (s *Server) provider(w http.ResponseWriter, r *http.Request, app string, path []string) {
	a := s.cat.byApp[app]
	pf := providers[app]
	if a == nil || pf == nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "unknown provider"})
		return
	}
	p := &preq{s: s, w: w, r: r, app: app, path: path}
	if len(path) == 2 && path[0] == "oauth" && path[1] == "token" {
		s.tokenEndpoint(w, r, a)
		return
	}
	if a.Auth != AuthNone {
		tok, ok := s.bearer(r, app)
		if !ok {
			writeJSON(w, http.StatusUnauthorized, unauthorizedBody[app])
			return
		}
		p.tok = tok
	}
	if r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch {
		b, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err == nil && len(b) > 0 {
			if args, err := decodeArgs(b); err == nil {
				p.body = args
			}
		}
		if p.body == nil {
			p.body = map[string]any{}
		}
	}
	if !pf(p) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "Unknown method " + r.Method + " /" + strings.Join(path, "/")})
	}
}

// bearer checks the Authorization header: for OAuth apps against the tokens
// the provider issued (the right app, not expired by the sandbox clock),
// for API-key apps the key's form.
func (s *Server) bearer(r *http.Request, app string) (token, bool) {
	h := r.Header.Get("Authorization")
	t, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		return token{}, false
	}
	if a := s.cat.byApp[app]; a != nil && a.Auth == AuthAPIKey {
		// Like SendGrid, any well-formed key is an account of its own; the
		// same key is the same account, whoever presents it.
		if !validAPIKey(t) {
			return token{}, false
		}
		return token{Kind: "apikey", App: app, External: externalID("", app, t)}, true
	}
	tk, ok, err := s.st.token(t)
	if err != nil || !ok || tk.App != app || (tk.Kind != "access" && tk.Kind != "apikey") {
		return token{}, false
	}
	if !tk.ExpiresAt.IsZero() && !s.now().Before(tk.ExpiresAt) {
		return token{}, false
	}
	return tk, true
}

// tokenEndpoint is the OAuth token endpoint (grant_type=refresh_token).
func (s *Server) tokenEndpoint(w http.ResponseWriter, r *http.Request, a *CatalogApp) {
	if r.Method != http.MethodPost || a.Auth != AuthOAuth {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type"})
		return
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "refresh_token" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type"})
		return
	}
	tk, _, _ := s.st.token(r.PostForm.Get("refresh_token"))
	if tk.App != a.Name {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant"})
		return
	}
	access, refresh, exp, err := s.st.refresh(r.PostForm.Get("refresh_token"), s.now(), s.opts.TokenTTL)
	if errors.Is(err, errBadRefresh) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant"})
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"access_token": access, "refresh_token": refresh, "token_type": "Bearer",
		"expires_in": int(exp.Sub(s.now()) / time.Second)})
}

func (p *preq) route(method string, parts ...string) bool {
	if p.r.Method != method || len(parts) != len(p.path) {
		return false
	}
	for i, part := range parts {
		if part != "*" && part != p.path[i] {
			return false
		}
	}
	return true
}

func (p *preq) json(status int, v any) bool {
	writeJSON(p.w, status, v)
	return true
}

func (p *preq) str(k string) string {
	if v, ok := p.body[k].(string); ok {
		return v
	}
	return ""
}

func (p *preq) num(k string) (float64, bool) {
	switch v := p.body[k].(type) {
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(v, 64)
		return f, err == nil
	}
	return 0, false
}

func (p *preq) page() (start, limit int) {
	q := p.r.URL.Query()
	start, _ = strconv.Atoi(q.Get("start"))
	limit, _ = strconv.Atoi(q.Get("limit"))
	if start < 0 {
		start = 0
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	return start, limit
}

func (p *preq) insert(coll string, mk func(id int64) (any, error)) (json.RawMessage, error) {
	return p.s.st.insertRecord(p.app, p.tok.External, coll, mk)
}

func (p *preq) list(coll string) ([]json.RawMessage, error) {
	start, limit := p.page()
	return p.s.st.records(p.app, p.tok.External, coll, start, limit)
}

func (p *preq) fail(err error) bool {
	p.s.internalError(p.w, p.r, err)
	return true
}

func (p *preq) stamp() string { return p.s.now().Format(time.RFC3339) }

// ---- Pipedrive ----

// pipedriveOwnerID is the authorized user of a sandbox Pipedrive company,
// and the default owner of what it adds.
const pipedriveOwnerID = 22469411

// pipedriveUser is a user of the Pipedrive company (GET /v1/users).
type pipedriveUser struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Email  string `json:"email"`
	Active bool   `json:"active_flag"`
}

// pipedriveUsers are the users of every sandbox Pipedrive company, the
// authorized one first: enough for the owner dropdown to page.
var pipedriveUsers = func() []pipedriveUser {
	names := []string{"Sandbox Owner", "Alex Moreno", "Bea Lindqvist", "Carlos Mendes", "Dana Whitfield",
		"Emeka Obi", "Farah Haddad", "Gustav Berg", "Hira Qureshi", "Isla Murray", "Jakub Nowak", "Kira Ivanova",
		"Luis Ortega", "Mina Park", "Nils Holm", "Olga Petrova", "Pablo Ruiz", "Quinn Avery", "Rana Aziz",
		"Sven Olsen", "Tara Singh", "Umar Farooq", "Vera Costa", "Wen Zhao", "Ximena Cruz", "Yara Nasser",
		"Zoe Hart", "Anil Kapoor", "Britt Jansen", "Cem Yilmaz", "Dalia Saleh", "Eero Virtanen", "Femi Adeyemi",
		"Gina Russo", "Hugo Lefevre", "Ida Lund", "Jonah Reyes", "Kaito Mori", "Lina Haddad", "Marek Novak",
		"Nadia Karim", "Oscar Lind", "Paula Silva", "Rhys Evans", "Selin Demir"}
	out := make([]pipedriveUser, len(names))
	for i, n := range names {
		out[i] = pipedriveUser{ID: int64(pipedriveOwnerID + i), Name: n,
			Email: strings.ToLower(strings.ReplaceAll(n, " ", ".")) + "@example.com", Active: true}
	}
	return out
}()

type pipedrivePerson struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	FirstName    string    `json:"first_name"`
	LastName     string    `json:"last_name"`
	AddTime      string    `json:"add_time"`
	UpdateTime   *string   `json:"update_time"`
	VisibleTo    int       `json:"visible_to"`
	CustomFields *struct{} `json:"custom_fields"`
	OwnerID      int64     `json:"owner_id"`
	LabelIDs     []int     `json:"label_ids"`
	OrgID        *int64    `json:"org_id"`
	IsDeleted    bool      `json:"is_deleted"`
	PictureID    *int64    `json:"picture_id"`
	Phones       []any     `json:"phones"`
	Emails       []any     `json:"emails"`
}

func pipedriveValidation(field, msg string) object {
	return ordered("success", false, "error", "Validation failed: "+field+": "+msg, "code", "ERR_SCHEMA_VALIDATION_FAILED")
}

func pipedriveProvider(p *preq) bool {
	switch {
	case p.route("POST", "v1", "persons"):
		owner := int64(pipedriveOwnerID)
		if v, ok := p.body["owner_id"]; ok && v != nil {
			f, ok := p.num("owner_id")
			if !ok || !slices.ContainsFunc(pipedriveUsers, func(u pipedriveUser) bool { return float64(u.ID) == f }) {
				return p.json(http.StatusBadRequest, pipedriveValidation("owner_id", "User not found or not accessible."))
			}
			owner = int64(f)
		}
		name := strings.TrimSpace(p.str("name"))
		if name == "" {
			return p.json(http.StatusBadRequest, pipedriveValidation("name", "Name must be given."))
		}
		first, last, _ := strings.Cut(name, " ")
		visible := 3
		if f, ok := p.num("visible_to"); ok {
			visible = int(f)
		}
		var org *int64
		if f, ok := p.num("org_id"); ok {
			o := int64(f)
			org = &o
		}
		rec, err := p.insert("persons", func(id int64) (any, error) {
			return pipedrivePerson{ID: id, Name: name, FirstName: first, LastName: last, AddTime: p.stamp(),
				VisibleTo: visible, OwnerID: owner, LabelIDs: []int{}, OrgID: org,
				Phones: listOf(p.body["phones"]), Emails: listOf(p.body["emails"])}, nil
		})
		if err != nil {
			return p.fail(err)
		}
		return p.json(http.StatusOK, ordered("success", true, "data", rec))
	case p.route("GET", "v1", "persons"):
		recs, err := p.list("persons")
		if err != nil {
			return p.fail(err)
		}
		start, limit := p.page()
		var data any = recs
		if len(recs) == 0 {
			data = nil // Pipedrive sends null for an empty page
		}
		return p.json(http.StatusOK, ordered("success", true, "data", data,
			"additional_data", ordered("pagination", ordered("start", start, "limit", limit))))
	case p.route("GET", "v1", "users"):
		start, limit := p.page()
		page := []pipedriveUser{}
		if start < len(pipedriveUsers) {
			page = pipedriveUsers[start:min(start+limit, len(pipedriveUsers))]
		}
		return p.json(http.StatusOK, ordered("success", true, "data", page))
	case p.route("GET", "v1", "persons", "*"):
		id, _ := strconv.ParseInt(p.path[2], 10, 64)
		rec, err := p.s.st.record(p.app, p.tok.External, "persons", id)
		if err != nil {
			return p.fail(err)
		}
		if rec == nil {
			return p.json(http.StatusNotFound, ordered("success", false, "error", "Person not found", "error_info", "Please check developers.pipedrive.com for more information", "data", nil))
		}
		return p.json(http.StatusOK, ordered("success", true, "data", rec))
	case p.route("POST", "v1", "deals"):
		var person *int64
		if f, ok := p.num("person_id"); ok {
			id := int64(f)
			rec, err := p.s.st.record(p.app, p.tok.External, "persons", id)
			if err != nil {
				return p.fail(err)
			}
			if rec == nil {
				return p.json(http.StatusBadRequest, pipedriveValidation("person_id", "Person not found."))
			}
			person = &id
		}
		value, _ := p.num("value")
		currency, status := p.str("currency"), p.str("status")
		if currency == "" {
			currency = "USD"
		}
		if status == "" {
			status = "open"
		}
		rec, err := p.insert("deals", func(id int64) (any, error) {
			return ordered("id", id, "title", p.str("title"), "value", value, "currency", currency, "status", status,
				"person_id", person, "user_id", pipedriveOwnerID, "add_time", p.stamp()), nil
		})
		if err != nil {
			return p.fail(err)
		}
		return p.json(http.StatusOK, ordered("success", true, "data", rec))
	}
	return false
}

func listOf(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{}
}

// ---- Slack ----

type slackChannel struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	IsChannel  bool   `json:"is_channel"`
	IsArchived bool   `json:"is_archived"`
	NumMembers int    `json:"num_members"`
}

// slackChannels exist in every sandbox Slack workspace: enough of them for
// the channel dropdown to page (docs/protocol-additions.md).
var slackChannels = append([]slackChannel{
	{ID: "C01GENERAL", Name: "general", IsChannel: true, NumMembers: 12},
	{ID: "C02RANDOM", Name: "random", IsChannel: true, NumMembers: 9},
	{ID: "C03ENGINEERING", Name: "engineering", IsChannel: true, NumMembers: 5},
	{ID: "C04ARCHIVE", Name: "old-announcements", IsChannel: true, IsArchived: true, NumMembers: 2},
}, moreSlackChannels()...)

// moreSlackChannels are the workspace's other channels, C05… in order.
func moreSlackChannels() []slackChannel {
	names := []string{"design", "marketing", "sales", "support", "ops", "finance", "legal", "people",
		"recruiting", "product", "frontend", "backend", "mobile", "infra", "security", "data", "analytics",
		"growth", "partnerships", "billing", "qa", "releases", "incidents", "oncall", "docs", "community",
		"events", "travel", "kudos", "watercooler", "books", "music", "pets", "fitness", "lunch", "coffee",
		"gaming", "photography", "cooking", "gardening", "movies", "podcasts", "standup", "retro",
		"planning", "roadmap", "feedback", "ideas", "hackathon", "interns", "alumni", "berlin-office",
		"lahore-office", "nyc-office", "remote", "zeta-project"}
	out := make([]slackChannel, len(names))
	for i, n := range names {
		id := fmt.Sprintf("C%02d%s", i+5, strings.ToUpper(strings.ReplaceAll(n, "-", "")))
		out[i] = slackChannel{ID: id, Name: n, IsChannel: true, NumMembers: 3 + (i*7)%20}
	}
	return out
}

// slackUser is a member of the sandbox Slack workspace (users.list).
type slackUser struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	RealName string `json:"real_name"`
	IsBot    bool   `json:"is_bot"`
}

// slackUsers are the members of every sandbox Slack workspace.
var slackUsers = func() []slackUser {
	first := []string{"Jane", "Omar", "Li", "Amara", "Lukas", "Sofia", "Kenji", "Priya", "Mateo", "Chloe",
		"Ahmed", "Yuki", "Elena", "Tariq", "Nora", "Diego", "Hana", "Felix", "Zara", "Ivan",
		"Maya", "Ravi", "Lea", "Sam", "Aisha", "Tom", "Mei", "Jonas", "Fatima", "Leo", "Ines", "Arjun"}
	last := []string{"Doe", "Khan", "Wei", "Okafor", "Becker", "Rossi", "Sato", "Nair"}
	out := make([]slackUser, len(first))
	for i, f := range first {
		l := last[i%len(last)]
		out[i] = slackUser{ID: fmt.Sprintf("U%03d%s", i+1, strings.ToUpper(f)), Name: strings.ToLower(f + "." + l), RealName: f + " " + l}
	}
	return out
}()

func findSlackChannel(s string) *slackChannel {
	s = strings.TrimPrefix(s, "#")
	for i, c := range slackChannels {
		if c.ID == s || c.Name == s {
			return &slackChannels[i]
		}
	}
	return nil
}

func slackProvider(p *preq) bool {
	switch {
	case p.route("POST", "api", "chat.postMessage"):
		ch := findSlackChannel(p.str("channel"))
		if ch == nil {
			return p.json(http.StatusOK, map[string]any{"ok": false, "error": "channel_not_found"})
		}
		if ch.IsArchived {
			return p.json(http.StatusOK, map[string]any{"ok": false, "error": "is_archived"})
		}
		if strings.TrimSpace(p.str("text")) == "" {
			return p.json(http.StatusOK, map[string]any{"ok": false, "error": "no_text"})
		}
		now := p.s.now()
		msg, err := p.insert("messages/"+ch.ID, func(id int64) (any, error) {
			return ordered("type", "message", "user", "U"+p.tok.External, "text", p.str("text"), "bot_id", "B0SANDBOX",
				"ts", fmt.Sprintf("%d.%06d", now.Unix(), id%1000000), "thread_ts", p.body["thread_ts"]), nil
		})
		if err != nil {
			return p.fail(err)
		}
		var m map[string]any
		json.Unmarshal(msg, &m)
		return p.json(http.StatusOK, ordered("ok", true, "channel", ch.ID, "ts", m["ts"], "message", json.RawMessage(msg)))
	case p.route("GET", "api", "conversations.list"):
		start, limit := p.page()
		excl := p.r.URL.Query().Get("exclude_archived") == "true"
		var all []slackChannel
		for _, c := range slackChannels {
			if !excl || !c.IsArchived {
				all = append(all, c)
			}
		}
		page := []slackChannel{}
		if start < len(all) {
			page = all[start:min(start+limit, len(all))]
		}
		return p.json(http.StatusOK, ordered("ok", true, "channels", page))
	case p.route("GET", "api", "users.list"):
		start, limit := p.page()
		page := []slackUser{}
		if start < len(slackUsers) {
			page = slackUsers[start:min(start+limit, len(slackUsers))]
		}
		return p.json(http.StatusOK, ordered("ok", true, "members", page))
	case p.route("POST", "api", "conversations.invite"):
		ch := findSlackChannel(p.str("channel"))
		if ch == nil {
			return p.json(http.StatusOK, map[string]any{"ok": false, "error": "channel_not_found"})
		}
		// Slack takes a comma-separated string; the sandbox also takes the
		// JSON array the function's parameter is.
		var ids []string
		switch u := p.body["users"].(type) {
		case string:
			ids = strings.Split(u, ",")
		case []any:
			for _, x := range u {
				s, _ := x.(string)
				ids = append(ids, s)
			}
		}
		if len(ids) == 0 {
			return p.json(http.StatusOK, map[string]any{"ok": false, "error": "no_user"})
		}
		for _, id := range ids {
			if !slices.ContainsFunc(slackUsers, func(u slackUser) bool { return u.ID == strings.TrimSpace(id) }) {
				return p.json(http.StatusOK, map[string]any{"ok": false, "error": "user_not_found"})
			}
		}
		return p.json(http.StatusOK, ordered("ok", true, "channel", ordered("id", ch.ID, "name", ch.Name, "num_members", ch.NumMembers+len(ids))))
	case p.route("GET", "api", "conversations.history"):
		ch := findSlackChannel(p.r.URL.Query().Get("channel"))
		if ch == nil {
			return p.json(http.StatusOK, map[string]any{"ok": false, "error": "channel_not_found"})
		}
		recs, err := p.list("messages/" + ch.ID)
		if err != nil {
			return p.fail(err)
		}
		return p.json(http.StatusOK, ordered("ok", true, "messages", recs))
	}
	return false
}

// ---- HubSpot ----

// hubspotProperty describes one contact property (GET
// /crm/v3/properties/contacts): the fields of the create-contact form's
// custom-fields sub-form.
type hubspotProperty struct {
	Name      string `json:"name"`
	Label     string `json:"label"`
	Type      string `json:"type"`
	FieldType string `json:"fieldType"`
	GroupName string `json:"groupName"`
	Required  bool   `json:"required"`
}

// hubspotProperties are the contact properties of every sandbox HubSpot
// portal that the form may set besides email and names.
var hubspotProperties = []hubspotProperty{
	{"company", "Company name", "string", "text", "contactinformation", false},
	{"jobtitle", "Job title", "string", "text", "contactinformation", false},
	{"phone", "Phone number", "string", "phonenumber", "contactinformation", false},
	{"city", "City", "string", "text", "contactinformation", false},
	{"website", "Website URL", "string", "text", "contactinformation", false},
	{"lifecyclestage", "Lifecycle stage", "enumeration", "radio", "contactinformation", true},
}

func hubspotProvider(p *preq) bool {
	switch {
	case p.route("GET", "crm", "v3", "properties", "contacts"):
		return p.json(http.StatusOK, map[string]any{"results": hubspotProperties})
	case p.route("POST", "crm", "v3", "objects", "contacts"):
		email := strings.ToLower(strings.TrimSpace(p.str("email")))
		if !strings.Contains(email, "@") {
			return p.json(http.StatusBadRequest, map[string]any{"status": "error", "message": "Property values were not valid: email", "category": "VALIDATION_ERROR"})
		}
		all, err := p.s.st.records(p.app, p.tok.External, "contacts", 0, 1<<30)
		if err != nil {
			return p.fail(err)
		}
		for _, raw := range all {
			var c struct {
				ID         string            `json:"id"`
				Properties map[string]string `json:"properties"`
			}
			json.Unmarshal(raw, &c)
			if c.Properties["email"] == email {
				return p.json(http.StatusConflict, map[string]any{"status": "error", "message": "Contact already exists. Existing ID: " + c.ID, "category": "CONFLICT"})
			}
		}
		props := map[string]string{"email": email, "firstname": p.str("firstname"), "lastname": p.str("lastname")}
		if extra, ok := p.body["properties"].(map[string]any); ok {
			for k, v := range extra {
				props[k] = queryValue(v)
			}
		}
		rec, err := p.insert("contacts", func(id int64) (any, error) {
			props["hs_object_id"] = strconv.FormatInt(id, 10)
			props["createdate"] = p.stamp()
			return ordered("id", strconv.FormatInt(id, 10), "properties", props, "createdAt", p.stamp(), "updatedAt", p.stamp(), "archived", false), nil
		})
		if err != nil {
			return p.fail(err)
		}
		return p.json(http.StatusCreated, rec)
	case p.route("GET", "crm", "v3", "objects", "contacts"):
		recs, err := p.list("contacts")
		if err != nil {
			return p.fail(err)
		}
		return p.json(http.StatusOK, map[string]any{"results": recs})
	}
	return false
}

// ---- SendGrid ----

// sendgridSender is the one verified sender of a sandbox SendGrid account.
const sendgridSender = "hello@example.com"

func sendgridProvider(p *preq) bool {
	switch {
	case p.route("POST", "v3", "mail", "send"):
		// from is {"email", "name"} as in SendGrid's API (the form's
		// STANDARD_FIELDS); the provider also takes a bare address.
		from, fromName := p.str("from"), ""
		if o, ok := p.body["from"].(map[string]any); ok {
			from, _ = o["email"].(string)
			fromName, _ = o["name"].(string)
		}
		if from == "" {
			from = sendgridSender
		}
		if from != sendgridSender {
			return p.json(http.StatusForbidden, map[string]any{"errors": []any{map[string]any{"message": "The from address does not match a verified Sender Identity.", "field": "from"}}})
		}
		if !strings.Contains(p.str("to"), "@") {
			return p.json(http.StatusBadRequest, map[string]any{"errors": []any{map[string]any{"message": "Does not contain a valid address.", "field": "personalizations.0.to.0.email"}}})
		}
		if _, err := p.insert("messages", func(id int64) (any, error) {
			return ordered("msg_id", fmt.Sprintf("sg-%06d", id), "from_email", from, "from_name", fromName, "to_email", p.str("to"),
				"subject", p.str("subject"), "status", "delivered", "last_event_time", p.stamp()), nil
		}); err != nil {
			return p.fail(err)
		}
		p.w.WriteHeader(http.StatusAccepted) // SendGrid answers 202 with no body
		return true
	case p.route("GET", "v3", "messages"):
		recs, err := p.list("messages")
		if err != nil {
			return p.fail(err)
		}
		return p.json(http.StatusOK, map[string]any{"messages": recs})
	}
	return false
}

// ---- Open-Meteo (no login) ----

var meteoCities = map[string]struct {
	Name     string
	Lat, Lon float64
}{
	"berlin":   {"Berlin", 52.52, 13.41},
	"lahore":   {"Lahore", 31.55, 74.34},
	"new-york": {"New York", 40.71, -74.01},
}

func openMeteoProvider(p *preq) bool {
	if !p.route("GET", "v1", "forecast") {
		return false
	}
	q := p.r.URL.Query()
	key := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(q.Get("city")), " ", "-"))
	city, ok := meteoCities[key]
	if !ok {
		return p.json(http.StatusBadRequest, map[string]any{"error": true, "reason": fmt.Sprintf("Unknown city %q; try berlin, lahore or new-york", q.Get("city"))})
	}
	days := 3
	if d := q.Get("days"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil || n < 1 || n > 7 {
			return p.json(http.StatusBadRequest, map[string]any{"error": true, "reason": "days must be a whole number from 1 to 7"})
		}
		days = n
	}
	unit := q.Get("unit")
	if unit == "" {
		unit = "celsius"
	}
	today := p.s.now().Truncate(24 * time.Hour)
	var dates []string
	var temps []float64
	for i := range days {
		d := today.AddDate(0, 0, i).Format("2006-01-02")
		h := sha256.Sum256([]byte(key + d))
		t := float64(int(binary.BigEndian.Uint16(h[:2])%300))/10 + 5 // deterministic 5.0–34.9 °C
		if unit == "fahrenheit" {
			t = float64(int((t*9/5+32)*10)) / 10
		}
		dates, temps = append(dates, d), append(temps, t)
	}
	unitSym := "°C"
	if unit == "fahrenheit" {
		unitSym = "°F"
	}
	return p.json(http.StatusOK, map[string]any{"latitude": city.Lat, "longitude": city.Lon, "timezone": "GMT",
		"daily_units": map[string]string{"time": "iso8601", "temperature_2m_max": unitSym},
		"daily":       map[string]any{"time": dates, "temperature_2m_max": temps}})
}
