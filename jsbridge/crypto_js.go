//go:build js && wasm

package jsbridge

import (
	"context"
	"encoding/hex"
	"errors"

	"github.com/hack-pad/safejs"
)

// HMACSHA256 returns the lowercase hex HMAC-SHA256 of message keyed with key,
// computed by the browser's WebCrypto, as the official SDK's getAuthHash does.
// The bundle links no Go crypto: a browser never needs it, since the app
// secret belongs on a server. WebCrypto exists only in secure contexts
// (https, localhost); elsewhere this fails with an error saying so.
//
// MDN:
//   - SubtleCrypto.importKey: https://developer.mozilla.org/docs/Web/API/SubtleCrypto/importKey
//   - SubtleCrypto.sign: https://developer.mozilla.org/docs/Web/API/SubtleCrypto/sign
func HMACSHA256(ctx context.Context, key, message string) (string, error) {
	crypto, err := Global().Get("crypto")
	if err != nil || Kind(crypto) != safejs.TypeObject {
		return "", errors.New("WebCrypto is not available")
	}
	subtle, err := crypto.Get("subtle")
	if err != nil || Kind(subtle) != safejs.TypeObject {
		return "", errors.New("WebCrypto is only available in secure contexts (https or localhost)")
	}
	keyBytes, err := bytesToJS([]byte(key))
	if err != nil {
		return "", err
	}
	msgBytes, err := bytesToJS([]byte(message))
	if err != nil {
		return "", err
	}
	alg := NewObject()
	_ = alg.Set("name", "HMAC")
	_ = alg.Set("hash", "SHA-256")
	usages := NewArray(mustValue("sign"))
	p, err := subtle.Call("importKey", "raw", keyBytes, alg, false, usages)
	if err != nil {
		return "", FromJS(jsValueOf(err))
	}
	cryptoKey, err := Await(ctx, p)
	if err != nil {
		return "", err
	}
	p, err = subtle.Call("sign", "HMAC", cryptoKey, msgBytes)
	if err != nil {
		return "", FromJS(jsValueOf(err))
	}
	sig, err := Await(ctx, p)
	if err != nil {
		return "", err
	}
	u8, err := jsUint8Array.New(sig)
	if err != nil {
		return "", err
	}
	out := make([]byte, 32)
	if n, err := safejs.CopyBytesToGo(out, u8); err != nil || n != 32 {
		return "", errors.New("WebCrypto returned an unexpected signature")
	}
	return hex.EncodeToString(out), nil
}

// bytesToJS copies b into a new Uint8Array.
func bytesToJS(b []byte) (safejs.Value, error) {
	u8, err := jsUint8Array.New(len(b))
	if err != nil {
		return safejs.Undefined(), err
	}
	if _, err := safejs.CopyBytesToJS(u8, b); err != nil {
		return safejs.Undefined(), err
	}
	return u8, nil
}

func mustValue(s string) safejs.Value {
	v, err := safejs.ValueOf(s)
	if err != nil {
		return safejs.Undefined()
	}
	return v
}
