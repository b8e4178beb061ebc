//go:build tools

// Package tools pins the test tools in a module of their own:
// wasmbrowsertest runs GOOS=js tests in headless Chromium, and staticcheck
// is the linter `make lint` runs natively and for js/wasm. wasmbrowsertest
// needs an older chromedp than the main module's page tests use, so the two
// cannot share a go.mod.
package tools

import (
	_ "github.com/agnivade/wasmbrowsertest"
	_ "honnef.co/go/tools/cmd/staticcheck"
)
