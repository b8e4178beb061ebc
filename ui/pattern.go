//go:build !js

package ui

import (
	"regexp"
	"sync"
)

// Natively, field patterns are Go regular expressions. The browser build
// uses JavaScript's RegExp instead (pattern_js.go): patterns are written for
// ECMAScript (JSON schema says so, and the official form tests them there),
// and Go's regexp package would cost the bundle about 64 KB of gzip.

var patterns sync.Map // pattern → *regexp.Regexp, or nil when it does not compile

// matchPattern reports whether s matches pattern; valid is false when the
// pattern does not compile, and such a pattern is not enforced.
func matchPattern(pattern, s string) (matched, valid bool) {
	v, ok := patterns.Load(pattern)
	if !ok {
		re, err := regexp.Compile(pattern)
		if err != nil {
			re = nil
		}
		v, _ = patterns.LoadOrStore(pattern, re)
	}
	re := v.(*regexp.Regexp)
	if re == nil {
		return false, false
	}
	return re.MatchString(s), true
}
