// Package web holds what the browser downloads: the built SDK bundle under
// dist/ (made by `make wasm`), the demo page under demo/, the loader's
// sources under loader/, the npm package under npm/ and the examples under
// examples/ (their end-to-end tests are package web/e2e). The Go side only
// embeds dist and demo, so the sandbox binary can serve them on one origin
// with its API.
package web

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

//go:embed all:demo
var demo embed.FS

// Dist returns the built bundle once `make wasm` has run: integry.js (the
// script-tag loader), loader.mjs (the ES module), integry.wasm with its
// precompressed integry.wasm.br and .gz, and wasm_exec.js; only a
// placeholder before.
func Dist() fs.FS { return sub(dist, "dist") }

// Demo returns the demo page's files.
func Demo() fs.FS { return sub(demo, "demo") }

// Built reports whether Dist holds a built bundle.
func Built() bool {
	_, err := fs.Stat(Dist(), "integry.wasm")
	return err == nil
}

func sub(f fs.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // dir is a constant that exists in the embed
	}
	return s
}
