//go:build !js

package ui

import "testing"

func TestPatternsNatively(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pattern, s     string
		matched, valid bool
	}{
		{`^[a-z]+$`, "abc", true, true},
		{`^[a-z]+$`, "ABC", false, true},
		{`(?<=@)example\.com$`, "jane@example.com", false, false}, // ECMAScript only: not enforced natively
		{`(`, "x", false, false},
	} {
		m, v := matchPattern(tc.pattern, tc.s)
		if m != tc.matched || v != tc.valid {
			t.Errorf("matchPattern(%q, %q) = %v, %v; want %v, %v", tc.pattern, tc.s, m, v, tc.matched, tc.valid)
		}
	}
}
