package sdk

import (
	"strconv"
	"strings"
	"time"

	"github.com/integry-go/integry/internal/jsonx"
)

// The models below are decoded by hand from a [Doc], field by field: the
// browser build links no encoding/json, and a Doc in the browser is read one
// field at a time (docs/protocol.md#data-shapes describes each shape).

// App is an Integry app as the backend describes it. An empty LoginURL means
// the app needs no login. Doc is the object as the server sent it.
type App struct {
	ID                             int64
	Name                           string
	Title                          string
	IconURL                        string
	DocsURL                        string
	LoginURL                       string
	AllowMultipleConnectedAccounts bool
	ConnectedAccounts              []ConnectedAccount
	// ConnectedAccountID is set only in app-connected and app-disconnected
	// event payloads: the account that was added or removed.
	ConnectedAccountID string
	Doc                Doc
}

// ConnectedAccount is one account a user connected to an app. Doc is the
// object as the server sent it.
type ConnectedAccount struct {
	ID          int64
	DisplayName string
	ModifiedAt  time.Time
	Doc         Doc
}

// AppOf reads an app object from a decoded document (an apps answer, a
// signature's meta.app). Only a name or an ID is required; missing fields
// stay zero, as a lenient client should.
func AppOf(d Doc) (*App, error) {
	if d == nil || d.Kind() != KindObject {
		return nil, errShape("an app is not a JSON object")
	}
	a := &App{
		Name: text(d, "name"), Title: text(d, "title"), IconURL: text(d, "icon_url"),
		DocsURL: text(d, "docs_url"), LoginURL: text(d, "login_url"),
		AllowMultipleConnectedAccounts: text(d, "allow_multiple_connected_accounts") == "true",
		ConnectedAccounts:              []ConnectedAccount{},
		Doc:                            d,
	}
	if id := d.Get("id"); id != nil && id.Kind() != KindNull {
		n, ok := intOf(id)
		if !ok {
			return nil, errShape("an app's id is not an integer")
		}
		a.ID = n
	}
	err := eachOf(d, "connected_accounts", func(e Doc) error {
		acc, err := decodeAccount(e)
		if err == nil {
			a.ConnectedAccounts = append(a.ConnectedAccounts, acc)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if a.Name == "" && a.ID == 0 {
		return nil, errShape("an app has neither a name nor an id")
	}
	SortAccounts(a.ConnectedAccounts)
	return a, nil
}

func decodeAccount(d Doc) (ConnectedAccount, error) {
	if d == nil || d.Kind() != KindObject {
		return ConnectedAccount{}, errShape("a connected account is not a JSON object")
	}
	id, ok := intOf(d.Get("id"))
	if !ok {
		return ConnectedAccount{}, errShape("a connected account's id is not an integer")
	}
	acc := ConnectedAccount{ID: id, DisplayName: text(d, "display_name"), Doc: d}
	if s := text(d, "modified_at"); s != "" {
		t, ok := parseISOTime(s)
		if !ok {
			return ConnectedAccount{}, errShape("a connected account's modified_at is not an ISO-8601 time")
		}
		acc.ModifiedAt = t
	}
	return acc, nil
}

// intOf reads an integer sent as a number or as a string.
func intOf(d Doc) (int64, bool) {
	if d == nil || (d.Kind() != KindNumber && d.Kind() != KindString) {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(d.Text()), 10, 64)
	return n, err == nil
}

// errShape is the server_error for a body that is JSON but not the shape
// expected.
// eachOf calls fn with each element of the array d[key], stopping at the
// first error; an absent or null key has no elements, any other non-array
// is a shape error.
func eachOf(d Doc, key string, fn func(Doc) error) error {
	list := d.Get(key)
	if list == nil || list.Kind() == KindNull {
		return nil
	}
	if list.Kind() != KindArray {
		return errShape(key + " is not an array")
	}
	for i := range list.Len() {
		if err := fn(list.Index(i)); err != nil {
			return err
		}
	}
	return nil
}

func errShape(msg string) *Error {
	return &Error{Code: CodeServerError, Message: "the server's answer is not the JSON expected: " + msg}
}

// SortAccounts orders accounts by ModifiedAt, newest first (ties by ID,
// highest first), as the documentation promises.
func SortAccounts(accounts []ConnectedAccount) {
	// An insertion sort, stable like slices.SortStableFunc, for the few
	// accounts an app has; the generic sort would link 9 KB of code for this
	// one element type (docs/bundle.md#size).
	for i := 1; i < len(accounts); i++ {
		for j := i; j > 0 && accountBefore(&accounts[j], &accounts[j-1]); j-- {
			accounts[j], accounts[j-1] = accounts[j-1], accounts[j]
		}
	}
}

// accountBefore reports whether a sorts strictly before b: modified later,
// or at the same time with a higher ID.
func accountBefore(a, b *ConnectedAccount) bool {
	if c := a.ModifiedAt.Compare(b.ModifiedAt); c != 0 {
		return c > 0
	}
	return a.ID > b.ID
}

// IsConnected reports whether the user has at least one account for the app.
func (a *App) IsConnected() bool { return len(a.ConnectedAccounts) > 0 }

// HasAccount reports whether id (as a decimal string) is one of the app's
// connected accounts.
func (a *App) HasAccount(id string) bool {
	for _, acc := range a.ConnectedAccounts {
		if strconv.FormatInt(acc.ID, 10) == id {
			return true
		}
	}
	return false
}

// AsSent reports whether [App.JSON] would be exactly the server's object:
// the accounts came newest first and no connected_account_id is added.
func (a *App) AsSent() bool {
	if a.Doc == nil || a.ConnectedAccountID != "" {
		return false
	}
	accs := a.Doc.Get("connected_accounts")
	if len(a.ConnectedAccounts) == 0 {
		return true
	}
	for i, acc := range a.ConnectedAccounts {
		if accs == nil || accs.Index(i) == nil || acc.Doc == nil || text(accs.Index(i), "id") != text(acc.Doc, "id") {
			return false
		}
	}
	return true
}

// JSON is the app as JavaScript receives it: the server's object, every
// field kept, with connected_accounts newest first and, in event payloads,
// connected_account_id (a string).
func (a *App) JSON() []byte {
	var b []byte
	if a.Doc != nil {
		b = a.Doc.JSON()
	} else {
		b = a.appendFields(nil)
	}
	accs := []byte{'['}
	for i, acc := range a.ConnectedAccounts {
		if i > 0 {
			accs = append(accs, ',')
		}
		accs = append(accs, acc.JSON()...)
	}
	accs = append(accs, ']')
	out, err := jsonx.SetKey(b, "connected_accounts", accs)
	if err != nil {
		out = a.appendFields(nil)
		out, _ = jsonx.SetKey(out, "connected_accounts", accs)
	}
	if a.ConnectedAccountID != "" {
		out, _ = jsonx.SetKey(out, "connected_account_id", jsonx.AppendString(nil, a.ConnectedAccountID))
	}
	return out
}

// appendFields writes the app's own fields as a JSON object, for an app the
// server did not send (the SDK's fallback after a failed re-fetch).
func (a *App) appendFields(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, a.ID, 10)
	for _, f := range [...]struct{ k, v string }{{"name", a.Name}, {"title", a.Title}, {"icon_url", a.IconURL},
		{"docs_url", a.DocsURL}, {"login_url", a.LoginURL}} {
		b = append(b, ',')
		b = jsonx.AppendString(b, f.k)
		b = append(b, ':')
		b = jsonx.AppendString(b, f.v)
	}
	b = append(b, `,"allow_multiple_connected_accounts":`...)
	b = strconv.AppendBool(b, a.AllowMultipleConnectedAccounts)
	return append(b, '}')
}

// MarshalJSON writes the app as [App.JSON] does, so that Go servers (the
// sandbox among them) can send an App with encoding/json.
func (a App) MarshalJSON() ([]byte, error) { return a.JSON(), nil }

// UnmarshalJSON reads an app object as the Client does.
func (a *App) UnmarshalJSON(b []byte) error {
	d, err := ParseDoc(b)
	if err != nil {
		return err
	}
	app, err := AppOf(d)
	if err != nil {
		return err
	}
	*a = *app
	return nil
}

// MarshalJSON writes the account as [ConnectedAccount.JSON] does.
func (c ConnectedAccount) MarshalJSON() ([]byte, error) { return c.JSON(), nil }

// JSON is the account as the server sent it, or its fields when it was not.
func (c ConnectedAccount) JSON() []byte {
	if c.Doc != nil {
		return c.Doc.JSON()
	}
	b := append([]byte(`{"id":`), strconv.FormatInt(c.ID, 10)...)
	b = append(b, `,"display_name":`...)
	b = jsonx.AppendString(b, c.DisplayName)
	b = append(b, `,"modified_at":`...)
	b = append(appendISOTime(append(b, '"'), c.ModifiedAt), '"')
	return append(b, '}')
}

// AppPage is one page of apps/list. Cursor is empty on the last page (the
// wire sends null).
type AppPage struct {
	Apps   []App
	Cursor string
	Count  int
	Doc    Doc
}

// Function is a function signature. Parameters, Arguments and Meta are views
// into Doc, the signature exactly as the server sent it, key order included.
type Function struct {
	Name        string
	Description string
	Parameters  Doc
	Arguments   Doc
	Meta        Doc
	Doc         Doc
}

func decodeFunction(d Doc) (*Function, error) {
	if d == nil || d.Kind() != KindObject {
		return nil, errShape("a function signature is not a JSON object")
	}
	f := &Function{Name: text(d, "name"), Description: text(d, "description"),
		Parameters: d.Get("parameters"), Arguments: d.Get("arguments"), Meta: d.Get("meta"), Doc: d}
	if f.Name == "" {
		return nil, errShape("the signature has no name")
	}
	return f, nil
}

// UnmarshalJSON reads a signature as the Client does.
func (f *Function) UnmarshalJSON(b []byte) error {
	d, err := ParseDoc(b)
	if err != nil {
		return err
	}
	fn, err := decodeFunction(d)
	if err != nil {
		return err
	}
	*f = *fn
	return nil
}

// MarshalJSON writes the signature as the server sent it.
func (f Function) MarshalJSON() ([]byte, error) {
	if f.Doc == nil {
		return append(append(append(jsonx.AppendString([]byte(`{"name":`), f.Name), `,"description":`...), jsonx.Quote(f.Description)...), '}'), nil
	}
	return f.Doc.JSON(), nil
}

// FunctionPage is one page of functions/list.
type FunctionPage struct {
	Functions []Function
	Cursor    string
	Doc       Doc
}

// CallResult is what functions/{name}/call answers. The two documented shapes
// stay apart: an executed call (Executed, NetworkCode, Output, NextPage) and a
// call Integry refused to execute (Error, ErrorDetails). An onward failure
// such as network_code "400" is still executed. Doc is the body as sent.
type CallResult struct {
	Executed     bool
	NetworkCode  string
	Output       Doc
	NextPage     string
	Error        string
	ErrorDetails Doc // an array of strings or an object keyed by parameter
	Credits      int // X-Credits, when the server sent it
	Doc          Doc
}

// Err returns nil for an executed call and a coded *Error for one Integry did
// not execute: not_connected when the details say the account is missing,
// invalid_argument otherwise. Its message is the summary followed by what
// error_details says, each parameter by name ("city: This parameter is
// required…"), so that the error alone tells what to fix; Details keeps
// them as sent. invokeFunction still resolves such results (they are
// documented results); Err is for Go callers who prefer an error.
func (r *CallResult) Err() error {
	if r.Executed {
		return nil
	}
	code := CodeInvalidArgument
	if r.ErrorDetails != nil && strings.Contains(strings.ToLower(string(r.ErrorDetails.JSON())), "not connected") {
		code = CodeNotConnected
	}
	msg := r.Error
	if d := detailsText(r.ErrorDetails); d != "" {
		switch {
		case msg == "":
			msg = d
		case strings.HasSuffix(msg, ".") || strings.HasSuffix(msg, "!"):
			msg += " " + d
		default:
			msg += ": " + d
		}
	}
	return &Error{Code: code, Status: 400, Message: msg, Details: r.ErrorDetails}
}

// detailsText writes error_details on one line: an object as "name: text"
// per parameter in the server's order (a list of texts joined with ", "), an
// array as its texts, joined with "; ".
func detailsText(d Doc) string {
	if d == nil {
		return ""
	}
	text := func(v Doc) string {
		switch {
		case v == nil:
			return ""
		case v.Kind() == KindArray:
			var parts []string
			for i := range v.Len() {
				if t := v.Index(i).Text(); t != "" {
					parts = append(parts, t)
				}
			}
			return strings.Join(parts, ", ")
		case v.Kind() == KindObject:
			return string(v.JSON())
		}
		return v.Text()
	}
	var parts []string
	switch d.Kind() {
	case KindObject:
		for i := range d.Len() {
			if t := text(d.Index(i)); t != "" {
				parts = append(parts, d.Key(i)+": "+t)
			}
		}
	case KindArray:
		for i := range d.Len() {
			if t := text(d.Index(i)); t != "" {
				parts = append(parts, t)
			}
		}
	default:
		return d.Text()
	}
	return strings.Join(parts, "; ")
}

// decodeCallResult reads a call body: only its small top-level fields, the
// output stays where it is. ok is false when the body is neither documented
// shape. The cursor comes as next_page (the JS reference's name) or _cursor
// (the REST reference's); a null cursor is none.
func decodeCallResult(d Doc) (r *CallResult, ok bool) {
	if d == nil || d.Kind() != KindObject {
		return nil, false
	}
	r = &CallResult{Doc: d}
	if code := d.Get("network_code"); code != nil {
		switch code.Kind() {
		case KindString, KindNumber:
			r.NetworkCode = code.Text()
		default:
			return nil, false
		}
		r.Executed = true
		r.Output = d.Get("output")
		for _, key := range [...]string{"next_page", "_cursor"} {
			if c := d.Get(key); c != nil && c.Kind() == KindString {
				r.NextPage = c.Text()
				break
			}
		}
		return r, true
	}
	if e := d.Get("error"); e != nil {
		r.Error = e.Text()
		if e.Kind() != KindString {
			r.Error = string(e.JSON()) // not a string: keep the JSON as the summary
		}
		r.ErrorDetails = d.Get("error_details")
		return r, true
	}
	return nil, false
}

// isEmpty reports whether an output carries nothing: absent, null, [] or {}.
func isEmpty(d Doc) bool {
	return d == nil || d.Kind() == KindNull || (d.Kind() == KindArray || d.Kind() == KindObject) && d.Len() == 0
}
