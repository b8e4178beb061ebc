package sandbox

import (
	"crypto/subtle"
	"fmt"
	"net/http"

	"github.com/integry-go/integry/sdk/authhash"
)

// DRF's wording for credential failures (docs/protocol.md#auth-errors).
const (
	msgNoCredentials  = "Authentication credentials were not provided."
	msgBadCredentials = "Incorrect authentication credentials."
)

// maxUserID bounds user IDs; they become parts of database keys.
const maxUserID = 1024

// credentials reads app_key, hash and user_id from the query (form-decoded)
// first, then from headers (App-Key or app_key, and so on).
func credentials(r *http.Request) (appKey, hash, userID string) {
	q := r.URL.Query()
	get := func(query, header string) string {
		if v := q.Get(query); v != "" {
			return v
		}
		if v := r.Header.Get(header); v != "" {
			return v
		}
		return r.Header.Get(query)
	}
	return get("app_key", "App-Key"), get("hash", "Hash"), get("user_id", "User-ID")
}

// authenticate returns the user, or a status and DRF detail.
func (s *Server) authenticate(r *http.Request) (user string, status int, msg string) {
	key, hash, user := credentials(r)
	if key == "" || hash == "" || user == "" {
		return "", http.StatusForbidden, msgNoCredentials
	}
	if len(user) > maxUserID {
		return "", http.StatusBadRequest, fmt.Sprintf("user_id is longer than %d bytes.", maxUserID)
	}
	keyOK := subtle.ConstantTimeCompare([]byte(key), []byte(s.opts.AppKey)) == 1
	hashOK := authhash.Valid(s.opts.AppSecret, user, hash)
	if !keyOK || !hashOK {
		return "", http.StatusForbidden, msgBadCredentials
	}
	return user, 0, ""
}
