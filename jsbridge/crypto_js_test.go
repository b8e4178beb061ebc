//go:build js && wasm

package jsbridge

import "testing"

// TestHMACSHA256 checks WebCrypto against the spec's vectors.
func TestHMACSHA256(t *testing.T) {
	for _, tc := range []struct{ secret, user, want string }{
		{"secret", "user-1", "1d16fd7e96e8a9681f283b8a251822ffdc71e2a5bda0c5267a044874fa21b82b"},
		{"secret", "ü ser+1", "c962d19634bf73c6d484266cd42a09bd6dfc00b3edd59e1a61e488886d01bb9c"},
	} {
		got, err := HMACSHA256(t.Context(), tc.secret, tc.user)
		if err != nil {
			t.Fatalf("HMACSHA256(%q, %q): %v", tc.secret, tc.user, err)
		}
		if got != tc.want {
			t.Errorf("HMACSHA256(%q, %q) = %s, want %s", tc.secret, tc.user, got, tc.want)
		}
	}
}
