//go:build js && wasm

package ui

import "github.com/integry-go/integry/jsbridge"

// matchPattern uses the browser's RegExp (see jsbridge.MatchPattern): the
// bundle links no Go regexp package.
func matchPattern(pattern, s string) (matched, valid bool) { return jsbridge.MatchPattern(pattern, s) }
