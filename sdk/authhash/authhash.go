// Package authhash computes the hash that authenticates a user to Integry:
// the lowercase hex HMAC-SHA256 of the user ID (UTF-8), keyed with the app
// secret (docs/protocol.md#hash, with its test vectors).
//
// Compute it on your server and hand it to the page with the app key and the
// user ID; the app secret must never reach a browser:
//
//	hash := authhash.Compute(appSecret, userID)
//
// It is a package of its own so that the browser bundle, which links sdk but
// must never hold a secret, does not carry Go's crypto (56 KB of gzip,
// measured); the browser's IntegryJS.Helpers.getAuthHash uses WebCrypto, as
// the official SDK does.
package authhash

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// Compute returns the hash that authenticates userID: lowercase hex
// HMAC-SHA256 of userID keyed with appSecret.
func Compute(appSecret, userID string) string {
	m := hmac.New(sha256.New, []byte(appSecret))
	m.Write([]byte(userID))
	return hex.EncodeToString(m.Sum(nil))
}

// Valid reports, in constant time, whether hash authenticates userID under
// appSecret. Hex case is ignored.
func Valid(appSecret, userID, hash string) bool {
	got, err := hex.DecodeString(hash)
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, []byte(appSecret))
	m.Write([]byte(userID))
	return hmac.Equal(got, m.Sum(nil))
}
