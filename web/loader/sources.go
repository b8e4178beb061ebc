// Package loader holds the loader's JavaScript sources (this folder), for
// the tests that run them without a build: jsbridge's js/wasm tests run
// abi.mjs, the JavaScript half of the bridge's ABI, against the Go half.
// Pages get them through web/loader/build.sh, never through this package.
package loader

import (
	"embed"
	_ "embed" // Runner
)

// Sources are the loader's ES modules: abi.mjs, renderer.mjs and
// loader.mjs.
//
//go:embed *.mjs
var Sources embed.FS

// Runner is runner.js: the "integry" import module for Go test binaries,
// which `wasmdata -exec` hands every test runner (node and Chromium), since
// they run the program without the loader that supplies it in a page.
//
//go:embed runner.js
var Runner string
