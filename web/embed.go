// Package web holds what the browser downloads: the built SDK bundle under
// dist/ (made by `make wasm`), the demo page under demo/, the script-tag
// loader and the npm package. The Go side only embeds the first two, so the
// sandbox binary can serve them on one origin with its API.
package web

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

//go:embed all:demo
var demo embed.FS

// Dist returns the built bundle: integry.js, integry.wasm (with its
// precompressed integry.wasm.br and .gz) and wasm_exec.js once `make wasm`
// has run; only a placeholder before.
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
