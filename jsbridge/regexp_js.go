//go:build js && wasm

package jsbridge

import (
	"sync"
	"syscall/js"
)

// patterns caches compiled RegExps by pattern; nil when it does not compile.
var patterns sync.Map

// MatchPattern tests s against pattern with the browser's RegExp, which is
// the dialect the official SDK's form (and the catalog's authors) use. valid
// is false when the pattern does not compile (a SyntaxError): such a pattern
// is not enforced.
//
// MDN: https://developer.mozilla.org/docs/Web/JavaScript/Reference/Global_Objects/RegExp
func MatchPattern(pattern, s string) (matched, valid bool) {
	v, ok := patterns.Load(pattern)
	if !ok {
		var re any
		_ = try(func() { re = global.Get("RegExp").New(pattern) })
		v, _ = patterns.LoadOrStore(pattern, re)
	}
	re, ok := v.(js.Value)
	if !ok {
		return false, false
	}
	res, err := call(re, "test", s)
	if err != nil {
		return false, false
	}
	return res.Truthy(), true
}
