package sdk

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// AuthHash returns the hash that authenticates userID: the lowercase hex
// HMAC-SHA256 of the user ID (UTF-8) keyed with the app secret (wire spec §1).
// Compute it on your server; the app secret must never reach a browser.
func AuthHash(appSecret, userID string) string {
	m := hmac.New(sha256.New, []byte(appSecret))
	m.Write([]byte(userID))
	return hex.EncodeToString(m.Sum(nil))
}

// ValidHash reports, in constant time, whether hash authenticates userID under
// appSecret. Hex case is ignored.
func ValidHash(appSecret, userID, hash string) bool {
	got, err := hex.DecodeString(hash)
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, []byte(appSecret))
	m.Write([]byte(userID))
	return hmac.Equal(got, m.Sum(nil))
}
