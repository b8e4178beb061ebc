package authhash_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/integry-go/integry/sdk/authhash"
)

func TestVectors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ secret, user, want string }{
		{"secret", "user-1", "1d16fd7e96e8a9681f283b8a251822ffdc71e2a5bda0c5267a044874fa21b82b"},
		{"secret", "ü ser+1", "c962d19634bf73c6d484266cd42a09bd6dfc00b3edd59e1a61e488886d01bb9c"},
	} {
		got := authhash.Compute(tc.secret, tc.user)
		if got != tc.want {
			t.Errorf("Compute(%q, %q) = %s, want %s", tc.secret, tc.user, got, tc.want)
		}
		if !authhash.Valid(tc.secret, tc.user, strings.ToUpper(got)) {
			t.Errorf("Valid must ignore hex case")
		}
		if authhash.Valid("other", tc.user, got) {
			t.Errorf("Valid accepted the wrong secret")
		}
	}
	if authhash.Valid("secret", "user-1", "not-hex") {
		t.Error("Valid accepted non-hex")
	}
}

// Compute the hash on your server and hand it, with the app key and the user
// ID, to the page that creates IntegryJS. The app secret never leaves the
// server.
func ExampleCompute() {
	fmt.Println(authhash.Compute("secret", "user-1"))
	// Output: 1d16fd7e96e8a9681f283b8a251822ffdc71e2a5bda0c5267a044874fa21b82b
}
