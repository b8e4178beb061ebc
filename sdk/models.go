package sdk

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"time"
)

// App is an Integry app as the backend describes it (wire spec §4).
// An empty LoginURL means the app needs no login.
type App struct {
	ID                             int64              `json:"id"`
	Name                           string             `json:"name"`
	Title                          string             `json:"title"`
	IconURL                        string             `json:"icon_url"`
	DocsURL                        string             `json:"docs_url"`
	LoginURL                       string             `json:"login_url"`
	AllowMultipleConnectedAccounts bool               `json:"allow_multiple_connected_accounts"`
	ConnectedAccounts              []ConnectedAccount `json:"connected_accounts"`
	// ConnectedAccountID is set only in app-connected and app-disconnected
	// event payloads: the account that was added or removed.
	ConnectedAccountID string `json:"connected_account_id,omitempty"`
}

// ConnectedAccount is one account a user connected to an app.
type ConnectedAccount struct {
	ID          int64     `json:"id"`
	DisplayName string    `json:"display_name"`
	ModifiedAt  time.Time `json:"modified_at"`
}

// SortAccounts orders accounts by ModifiedAt, newest first (ties by ID,
// highest first), as the documentation promises.
func SortAccounts(accounts []ConnectedAccount) {
	slices.SortStableFunc(accounts, func(a, b ConnectedAccount) int {
		if c := b.ModifiedAt.Compare(a.ModifiedAt); c != 0 {
			return c
		}
		switch {
		case a.ID > b.ID:
			return -1
		case a.ID < b.ID:
			return 1
		}
		return 0
	})
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

// AppPage is one page of apps from apps/list. Cursor is empty on the last
// page (the wire sends null).
type AppPage struct {
	Apps   []App  `json:"apps"`
	Cursor string `json:"_cursor"`
	Count  int    `json:"count"`
}

// Function is a function signature (wire spec §4). Raw keeps the server's
// JSON exactly, key order included, for the form renderer and for
// JavaScript; Parameters, Meta and Arguments are views into it.
type Function struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Parameters  json.RawMessage `json:"parameters,omitempty"`
	Arguments   json.RawMessage `json:"arguments,omitempty"`
	Meta        json.RawMessage `json:"meta,omitempty"`
	Raw         json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes a signature and keeps the raw bytes.
func (f *Function) UnmarshalJSON(b []byte) error {
	type plain Function
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*f = Function(p)
	f.Raw = append(json.RawMessage(nil), b...)
	return nil
}

// MarshalJSON returns Raw when there is one, so a signature crosses to
// JavaScript exactly as the server sent it.
func (f Function) MarshalJSON() ([]byte, error) {
	if len(f.Raw) > 0 {
		return f.Raw, nil
	}
	type plain Function
	return json.Marshal(plain(f))
}

// FunctionPage is one page of functions/list.
type FunctionPage struct {
	Functions []Function `json:"functions"`
	Cursor    string     `json:"_cursor"`
}

// CallResult is what functions/{name}/call answers. The two documented shapes
// stay apart: an executed call (Executed, NetworkCode, Output, NextPage) and a
// call Integry refused to execute (Error, ErrorDetails). An onward failure
// such as network_code "400" is still executed. Raw is the body as sent.
type CallResult struct {
	Executed     bool
	NetworkCode  string
	Output       json.RawMessage
	NextPage     string
	Error        string
	ErrorDetails json.RawMessage // an array of strings or an object keyed by parameter
	Credits      int             // X-Credits, when the server sent it
	Raw          json.RawMessage
}

// MarshalJSON returns the body as the server sent it.
func (r CallResult) MarshalJSON() ([]byte, error) {
	if len(r.Raw) > 0 {
		return r.Raw, nil
	}
	m := map[string]any{}
	if r.Executed {
		m["network_code"] = r.NetworkCode
		m["output"] = r.Output
		if r.NextPage != "" {
			m["next_page"] = r.NextPage
		}
	} else {
		m["error"] = r.Error
		m["error_details"] = r.ErrorDetails
	}
	return json.Marshal(m)
}

// Err returns nil for an executed call and a coded *Error for one Integry did
// not execute: not_connected when the details say the account is missing,
// invalid_argument otherwise. invokeFunction still resolves such results (they
// are documented results); Err is for Go callers who prefer an error.
func (r *CallResult) Err() error {
	if r.Executed {
		return nil
	}
	code := CodeInvalidArgument
	if bytes.Contains(bytes.ToLower(r.ErrorDetails), []byte("not connected")) {
		code = CodeNotConnected
	}
	return &Error{Code: code, Status: 400, Message: r.Error, Details: r.ErrorDetails}
}

// decodeCallResult parses a call body. ok is false when the body is neither
// documented shape. Only the small top-level fields are decoded; output and
// error_details stay raw (see scan.go for why).
func decodeCallResult(body []byte) (r *CallResult, ok bool) {
	var networkCode, output, nextPage, cursor, errText, errDetails []byte
	err := eachMember(body, func(key string, v []byte) {
		switch key {
		case "network_code":
			networkCode = v
		case "output":
			output = v
		case "next_page":
			nextPage = v
		case "_cursor":
			cursor = v
		case "error":
			errText = v
		case "error_details":
			errDetails = v
		}
	})
	if err != nil {
		return nil, false
	}
	r = &CallResult{Raw: body}
	switch {
	case networkCode != nil:
		var code any
		if json.Unmarshal(networkCode, &code) != nil {
			return nil, false
		}
		switch c := code.(type) {
		case string:
			r.NetworkCode = c
		case float64:
			r.NetworkCode = strconv.FormatFloat(c, 'f', -1, 64)
		default:
			return nil, false
		}
		r.Executed = true
		r.Output = output
		for _, c := range [][]byte{nextPage, cursor} {
			var s *string
			if c != nil && json.Unmarshal(c, &s) == nil && s != nil {
				r.NextPage = *s
				break
			}
		}
		return r, true
	case errText != nil:
		if json.Unmarshal(errText, &r.Error) != nil {
			r.Error = string(errText) // not a string: keep the JSON as the summary
		}
		r.ErrorDetails = errDetails
		return r, true
	}
	return nil, false
}
