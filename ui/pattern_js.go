//go:build js && wasm

package ui

import (
	"sync"

	"github.com/hack-pad/safejs"
)

// In the browser, field patterns are JavaScript regular expressions, as the
// server writes them for the official form (see pattern.go).
//
// MDN: https://developer.mozilla.org/docs/Web/JavaScript/Reference/Global_Objects/RegExp

var (
	regexpOnce sync.Once
	jsRegExp   safejs.Value
	patterns   sync.Map // pattern → safejs.Value (a RegExp), or nil when it does not compile
)

// matchPattern reports whether s matches pattern; valid is false when the
// pattern does not compile, and such a pattern is not enforced.
func matchPattern(pattern, s string) (matched, valid bool) {
	regexpOnce.Do(func() { jsRegExp, _ = safejs.Global().Get("RegExp") })
	v, ok := patterns.Load(pattern)
	if !ok {
		var re any
		if r, err := jsRegExp.New(pattern); err == nil { // a SyntaxError: not enforced
			re = r
		}
		v, _ = patterns.LoadOrStore(pattern, re)
	}
	re, ok := v.(safejs.Value)
	if !ok {
		return false, false
	}
	res, err := re.Call("test", s)
	if err != nil {
		return false, false
	}
	m, err := res.Bool()
	return m && err == nil, err == nil
}
