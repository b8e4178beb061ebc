package sandbox

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// store is the sandbox's state on top of kv: connected accounts, the tokens
// the fake providers issued, the providers' records and the call log. Every
// method is one transaction.
type store struct{ kv kv }

// accountIDBase makes account IDs look like Integry's (six digits and up).
const accountIDBase = 100000

type account struct {
	ID           int64     `json:"id"`
	User         string    `json:"user"`
	App          string    `json:"app"`
	DisplayName  string    `json:"display_name"`
	ExternalID   string    `json:"external_id"`
	CreatedAt    time.Time `json:"created_at"`
	ModifiedAt   time.Time `json:"modified_at"`
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	ExpiresAt    time.Time `json:"expires_at"` // zero: never (API keys)
}

// token is what a fake provider knows about a bearer or refresh token.
type token struct {
	Kind      string    `json:"kind"` // access or refresh (API keys are checked by the provider)
	AccountID int64     `json:"account_id"`
	App       string    `json:"app"`
	External  string    `json:"external"`
	ExpiresAt time.Time `json:"expires_at"`
}

// Call is one executed function call in the call log.
type Call struct {
	ID                 int64           `json:"id"`
	Function           string          `json:"function"`
	App                string          `json:"app"`
	ConnectedAccountID int64           `json:"connected_account_id,omitempty"`
	Arguments          json.RawMessage `json:"arguments"`
	NetworkCode        string          `json:"network_code"`
	Output             json.RawMessage `json:"output"`
	NextPage           *string         `json:"next_page,omitempty"`
	CreatedAt          time.Time       `json:"created_at"`
	// Run is set on the calls of a flow run (docs/flows.md#runs).
	Run *CallRun `json:"run,omitempty"`
}

func userKey(user string) string { return hex.EncodeToString([]byte(user)) }

func idKey(id int64) string { return fmt.Sprintf("%020d", id) }

func newToken(prefix string) string {
	b := make([]byte, 16)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

func getJSON[T any](t tx, bucket, key string) (T, bool, error) {
	var v T
	b := t.get(bucket, key)
	if b == nil {
		return v, false, nil
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return v, false, fmt.Errorf("store: corrupt %s/%s: %w", bucket, key, err)
	}
	return v, true, nil
}

func putJSON(t tx, bucket, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return t.put(bucket, key, b)
}

// connectResult is what a successful connect reports to the consent page.
type connectResult struct {
	Account       account
	AlreadyExists bool
}

// connect stores an account for user on app. Reconnecting the same external
// account updates it (already_exists); a new one replaces the user's other
// accounts unless the app allows several. For OAuth apps fresh tokens are
// issued that expire after ttl; for API-key apps the key is the token.
func (s *store) connect(user string, app *CatalogApp, display, external, apiKey string, now time.Time, ttl time.Duration) (connectResult, error) {
	var res connectResult
	err := s.kv.update(func(t tx) error {
		res = connectResult{}
		u := userKey(user)
		extKey := u + "/" + app.Name + "/" + external
		if idb := t.get(bExternal, extKey); idb != nil {
			id, _ := strconv.ParseInt(string(idb), 10, 64)
			a, ok, err := getJSON[account](t, bAccounts, idKey(id))
			if err != nil {
				return err
			}
			if ok {
				a.DisplayName = display
				a.ModifiedAt = now
				if app.Auth == AuthAPIKey {
					a.AccessToken = apiKey
				}
				res = connectResult{Account: a, AlreadyExists: true}
				return putJSON(t, bAccounts, idKey(a.ID), a)
			}
		}
		if !app.AllowMultipleConnectedAccounts {
			old, err := accountsTx(t, user, app.Name)
			if err != nil {
				return err
			}
			for _, a := range old {
				if err := deleteTx(t, a); err != nil {
					return err
				}
			}
		}
		seq, err := nextSeq(t, "accounts")
		if err != nil {
			return err
		}
		a := account{ID: accountIDBase + int64(seq), User: user, App: app.Name, DisplayName: display,
			ExternalID: external, CreatedAt: now, ModifiedAt: now}
		switch app.Auth {
		case AuthAPIKey:
			// The provider checks API keys itself (see bearer); the store
			// keeps no token record, so two users with one key do not clash.
			a.AccessToken = apiKey
		default:
			a.AccessToken, a.RefreshToken = newToken("at-"), newToken("rt-")
			a.ExpiresAt = now.Add(ttl)
			if err := putJSON(t, bTokens, a.AccessToken, token{Kind: "access", AccountID: a.ID, App: app.Name, External: external, ExpiresAt: a.ExpiresAt}); err != nil {
				return err
			}
			if err := putJSON(t, bTokens, a.RefreshToken, token{Kind: "refresh", AccountID: a.ID, App: app.Name, External: external}); err != nil {
				return err
			}
		}
		if err := putJSON(t, bAccounts, idKey(a.ID), a); err != nil {
			return err
		}
		if err := t.put(bUserAccounts, u+"/"+app.Name+"/"+idKey(a.ID), nil); err != nil {
			return err
		}
		res.Account = a
		return t.put(bExternal, extKey, []byte(strconv.FormatInt(a.ID, 10)))
	})
	return res, err
}

func accountsTx(t tx, user, app string) ([]account, error) {
	var out []account
	prefix := userKey(user) + "/"
	if app != "" {
		prefix += app + "/"
	}
	err := t.scan(bUserAccounts, prefix, func(k string, _ []byte) error {
		id, err := strconv.ParseInt(k[len(k)-20:], 10, 64)
		if err != nil {
			return fmt.Errorf("store: corrupt index key %q", k)
		}
		a, ok, err := getJSON[account](t, bAccounts, idKey(id))
		if err != nil {
			return err
		}
		if ok && a.User == user {
			out = append(out, a)
		}
		return nil
	})
	return out, err
}

func deleteTx(t tx, a account) error {
	for _, step := range []struct{ b, k string }{
		{bAccounts, idKey(a.ID)},
		{bUserAccounts, userKey(a.User) + "/" + a.App + "/" + idKey(a.ID)},
		{bExternal, userKey(a.User) + "/" + a.App + "/" + a.ExternalID},
		{bTokens, a.AccessToken},
		{bTokens, a.RefreshToken},
	} {
		if step.k == "" || (step.b == bTokens && a.RefreshToken == "") { // API keys have no token records
			continue
		}
		if err := t.del(step.b, step.k); err != nil {
			return err
		}
	}
	return nil
}

// accounts returns user's accounts for app ("" for every app).
func (s *store) accounts(user, app string) ([]account, error) {
	var out []account
	err := s.kv.view(func(t tx) (err error) {
		out, err = accountsTx(t, user, app)
		return err
	})
	return out, err
}

// account returns user's account id; ok is false for an unknown account and
// for another user's.
func (s *store) account(user string, id int64) (a account, ok bool, err error) {
	err = s.kv.view(func(t tx) error {
		a, ok, err = getJSON[account](t, bAccounts, idKey(id))
		return err
	})
	if ok && a.User != user {
		return account{}, false, err
	}
	return a, ok, err
}

// deleteAccount removes user's account id; false if there was none.
func (s *store) deleteAccount(user string, id int64) (bool, error) {
	var found bool
	err := s.kv.update(func(t tx) error {
		a, ok, err := getJSON[account](t, bAccounts, idKey(id))
		if err != nil || !ok || a.User != user {
			return err
		}
		found = true
		return deleteTx(t, a)
	})
	return found, err
}

// token returns what a provider knows about tok.
func (s *store) token(tok string) (tk token, ok bool, err error) {
	if tok == "" {
		return token{}, false, nil
	}
	err = s.kv.view(func(t tx) error {
		tk, ok, err = getJSON[token](t, bTokens, tok)
		return err
	})
	return tk, ok, err
}

var errBadRefresh = errors.New("invalid refresh token")

// refresh rotates an account's tokens as a provider's token endpoint does:
// the old access and refresh tokens stop working and new ones are issued.
func (s *store) refresh(refreshToken string, now time.Time, ttl time.Duration) (access, refresh string, exp time.Time, err error) {
	err = s.kv.update(func(t tx) error {
		tk, ok, err := getJSON[token](t, bTokens, refreshToken)
		if err != nil {
			return err
		}
		if !ok || tk.Kind != "refresh" {
			return errBadRefresh
		}
		a, ok, err := getJSON[account](t, bAccounts, idKey(tk.AccountID))
		if err != nil {
			return err
		}
		if !ok {
			return errBadRefresh
		}
		access, refresh, exp = newToken("at-"), newToken("rt-"), now.Add(ttl)
		for _, old := range []string{a.AccessToken, a.RefreshToken} {
			if err := t.del(bTokens, old); err != nil {
				return err
			}
		}
		a.AccessToken, a.RefreshToken, a.ExpiresAt = access, refresh, exp
		if err := putJSON(t, bTokens, access, token{Kind: "access", AccountID: a.ID, App: a.App, External: a.ExternalID, ExpiresAt: exp}); err != nil {
			return err
		}
		if err := putJSON(t, bTokens, refresh, token{Kind: "refresh", AccountID: a.ID, App: a.App, External: a.ExternalID}); err != nil {
			return err
		}
		return putJSON(t, bAccounts, idKey(a.ID), a)
	})
	return access, refresh, exp, err
}

// insertRecord stores a provider record built by mk from its new ID.
func (s *store) insertRecord(app, external, coll string, mk func(id int64) (any, error)) (json.RawMessage, error) {
	var out json.RawMessage
	err := s.kv.update(func(t tx) error {
		seq, err := nextSeq(t, "records/"+app+"/"+coll)
		if err != nil {
			return err
		}
		v, err := mk(int64(seq))
		if err != nil {
			return err
		}
		out = mustMarshal(v)
		return t.put(bRecords, recordPrefix(app, external, coll)+idKey(int64(seq)), out)
	})
	return out, err
}

func recordPrefix(app, external, coll string) string {
	return app + "/" + hex.EncodeToString([]byte(external)) + "/" + coll + "/"
}

// records returns up to limit records from start, oldest first.
func (s *store) records(app, external, coll string, start, limit int) ([]json.RawMessage, error) {
	out := []json.RawMessage{}
	i := 0
	err := s.kv.view(func(t tx) error {
		return t.scan(bRecords, recordPrefix(app, external, coll), func(_ string, v []byte) error {
			if i >= start && len(out) < limit {
				out = append(out, v)
			}
			i++
			return nil
		})
	})
	return out, err
}

// record returns one record, or nil.
func (s *store) record(app, external, coll string, id int64) (json.RawMessage, error) {
	var out json.RawMessage
	err := s.kv.view(func(t tx) error {
		out = t.get(bRecords, recordPrefix(app, external, coll)+idKey(id))
		return nil
	})
	return out, err
}

// logCall appends an executed call to user's log and returns it with its ID.
func (s *store) logCall(user string, c Call) (Call, error) {
	err := s.kv.update(func(t tx) error {
		seq, err := nextSeq(t, "calls")
		if err != nil {
			return err
		}
		c.ID = int64(seq)
		return putJSON(t, bCalls, userKey(user)+"/"+idKey(c.ID), c)
	})
	return c, err
}

// calls returns user's executed calls, oldest first.
func (s *store) calls(user string) ([]Call, error) {
	out := []Call{}
	err := s.kv.view(func(t tx) error {
		return t.scan(bCalls, userKey(user)+"/", func(_ string, v []byte) error {
			var c Call
			if err := json.Unmarshal(v, &c); err != nil {
				return err
			}
			out = append(out, c)
			return nil
		})
	})
	return out, err
}
