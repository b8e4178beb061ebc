package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/andybalholm/brotli"
)

// Sizes are the bytes a page downloads, raw and compressed.
type Sizes struct {
	Files  []string `json:"files"`
	Raw    int      `json:"raw"`
	Gzip   int      `json:"gzip9"`
	Brotli int      `json:"brotli11"`
}

// measureSizes reads files and compresses each one separately, as a server
// would send them, with gzip -9 and brotli 11.
func measureSizes(files ...string) (Sizes, error) {
	s := Sizes{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return s, fmt.Errorf("bundle file missing (run make wasm): %w", err)
		}
		s.Files = append(s.Files, filepath.Base(f))
		s.Raw += len(b)
		var gz bytes.Buffer
		w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		w.Write(b)
		w.Close()
		s.Gzip += gz.Len()
		var br bytes.Buffer
		bw := brotli.NewWriterLevel(&br, brotli.BestCompression)
		bw.Write(b)
		bw.Close()
		s.Brotli += br.Len()
	}
	return s, nil
}

// sizeSection compares the bytes a page downloads, and breaks the wasm down.
func (r *Report) sizeSection(o *options) {
	oursS, err := measureSizes(filepath.Join(o.dist, "integry.wasm"), filepath.Join(o.dist, "integry.js"), filepath.Join(o.dist, "wasm_exec.js"))
	if err != nil {
		r.fail("size", err)
		return
	}
	off, err := measureSizes(o.officialUMD)
	if err != nil {
		r.fail("size", err)
		return
	}
	files := "ours: " + strings.Join(oursS.Files, " + ") + "; official: " + strings.Join(off.Files, " + ")
	r.Bundle.add(Row{ID: "bundle.raw", Section: "bundle", Metric: "raw", Unit: "bytes", Ours: num(float64(oursS.Raw)), Official: num(float64(off.Raw)), Note: files}, 0)
	r.Bundle.add(Row{ID: "bundle.gzip", Section: "bundle", Metric: "gzip -9", Unit: "bytes", Ours: num(float64(oursS.Gzip)), Official: num(float64(off.Gzip)),
		Note: "each file compressed on its own, as a server sends it"}, 0.5)
	r.Bundle.add(Row{ID: "bundle.brotli", Section: "bundle", Metric: "brotli 11", Unit: "bytes", Ours: num(float64(oursS.Brotli)), Official: num(float64(off.Brotli))}, 0.75)

	// Where the wasm's bytes go (wasmsize.go explains how to read these).
	bin, err := os.ReadFile(filepath.Join(o.dist, "integry.wasm"))
	if err != nil {
		r.fail("size (breakdown)", err)
		return
	}
	secs, err := shippedSections(bin)
	if err != nil {
		r.fail("size (sections)", err)
		return
	}
	var shippedCode int
	for _, s := range secs {
		if s.Section == "code" {
			shippedCode = s.Raw
		}
		note := fmt.Sprintf("%d raw", s.Raw)
		if s.Note != "" {
			note += "; " + s.Note
		}
		r.Bundle.add(Row{ID: "wasm.section." + strings.ReplaceAll(s.Section, " ", "-"), Section: "wasm section", Metric: s.Section,
			Unit: "gzip bytes", Ours: num(float64(s.Gzip)), Note: note}, 0)
	}
	parts, funcs, namedCode, err := codeByPackage()
	if err != nil {
		r.fail("size (packages)", err)
		return
	}
	caveat := ""
	if namedCode != shippedCode {
		caveat = fmt.Sprintf("; the named build's code section is %d bytes, the shipped one %d", namedCode, shippedCode)
	}
	for _, p := range parts[:min(12, len(parts))] {
		r.Bundle.add(Row{ID: "wasm.code." + p.Package, Section: "wasm code", Metric: p.Package, Unit: "gzip bytes", Ours: num(float64(p.Gzip)),
			Note: fmt.Sprintf("%d raw%s", p.Code, caveat)}, 0)
	}
	for _, f := range funcs[:min(12, len(funcs))] {
		r.Bundle.add(Row{ID: "wasm.func." + f.Name, Section: "wasm func", Metric: f.Name, Unit: "raw bytes", Ours: num(float64(f.Code))}, 0)
	}
}
