//go:build js && wasm

package ui

import "testing"

// TestPatternsAreJavaScriptRegExps: the browser build tests patterns as the
// server wrote them, for ECMAScript, lookbehind included.
func TestPatternsAreJavaScriptRegExps(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pattern, s     string
		matched, valid bool
	}{
		{`^[a-z]+$`, "abc", true, true},
		{`^[a-z]+$`, "ABC", false, true},
		{`(?<=@)example\.com$`, "jane@example.com", true, true}, // not RE2 syntax
		{`(`, "x", false, false},
	} {
		m, v := matchPattern(tc.pattern, tc.s)
		if m != tc.matched || v != tc.valid {
			t.Errorf("matchPattern(%q, %q) = %v, %v; want %v, %v", tc.pattern, tc.s, m, v, tc.matched, tc.valid)
		}
	}
}
