// Package e2e holds the end-to-end browser tests of the ways into the SDK
// (the demo page, a script tag, an npm package bundled by Vite, the Web
// Components, the React bindings in a Vite + React app) and of the
// migration example. Each test uses the bundle as `make wasm` ships it
// (internal/browsertest.Bundle builds what is stale), starts a real sandbox
// on one loopback port, serves the page from another origin, and drives
// headless Chromium through the whole journey: ready,
// marketplace, connect Slack through the consent popup, the function form,
// invoke, paging, disconnect, the events and a clean console.
//
//	go test ./web/e2e                           # skips without Chromium
//	INTEGRY_REQUIRE_BROWSER=1 go test ./web/e2e # fails instead
//	go test ./web/e2e -run Demo -v              # one way in
//	go test -short ./...                        # skips them all
//
// The package has only tests; this file exists so that the package is
// never empty under GOOS=js.
package e2e
