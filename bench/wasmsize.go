package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// PackageSize is how much of the wasm binary's code one Go package owns.
type PackageSize struct {
	Package string `json:"package"`
	Code    int    `json:"codeBytes"` // function bodies, uncompressed
	Gzip    int    `json:"gzipBytes"` // those bodies gzipped together, per package
}

// wasmBreakdown builds ./wasm once more with its name section kept and
// returns the code bytes per package, biggest first, with the size of the
// data section (strings, type data, pclntab) as the package "(data)".
func wasmBreakdown() ([]PackageSize, error) {
	dir, err := os.MkdirTemp("", "integry-wasm-names-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "named.wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-o", out, "./wasm") // no -s: keep names
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build: %v\n%s", err, b)
	}
	bin, err := os.ReadFile(out)
	if err != nil {
		return nil, err
	}
	return parseWasm(bin)
}

// parseWasm reads the import, code, data and name sections of a wasm module.
// Format: https://webassembly.github.io/spec/core/binary/modules.html
func parseWasm(b []byte) ([]PackageSize, error) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil, errors.New("not a wasm module")
	}
	r := &reader{b: b, i: 8}
	var importedFuncs int
	var bodies [][]byte
	names := map[int]string{}
	dataBytes := 0
	for r.i < len(r.b) {
		id := r.byte()
		size := int(r.uleb())
		end := r.i + size
		sec := &reader{b: r.b[:end], i: r.i}
		switch id {
		case 2: // imports
			for n := sec.uleb(); n > 0; n-- {
				sec.name()
				sec.name()
				kind := sec.byte()
				switch kind {
				case 0:
					sec.uleb()
					importedFuncs++
				case 1:
					sec.byte()
					sec.limits()
				case 2:
					sec.limits()
				case 3:
					sec.byte()
					sec.byte()
				}
			}
		case 10: // code
			for n := sec.uleb(); n > 0; n-- {
				sz := int(sec.uleb())
				bodies = append(bodies, sec.b[sec.i:sec.i+sz])
				sec.i += sz
			}
		case 11: // data
			dataBytes = size
		case 0: // custom
			if sec.name() == "name" {
				for sec.i < end {
					sub := sec.byte()
					subEnd := sec.i + int(sec.uleb())
					if sub == 1 {
						for n := sec.uleb(); n > 0; n-- {
							idx := int(sec.uleb())
							names[idx] = sec.name()
						}
					}
					sec.i = subEnd
				}
			}
		}
		if sec.err != nil {
			return nil, sec.err
		}
		r.i = end
	}
	perPkg := map[string]*bytes.Buffer{}
	for i, body := range bodies {
		pkg := packageOf(names[importedFuncs+i])
		if perPkg[pkg] == nil {
			perPkg[pkg] = &bytes.Buffer{}
		}
		perPkg[pkg].Write(body)
	}
	var out []PackageSize
	for pkg, buf := range perPkg {
		out = append(out, PackageSize{Package: pkg, Code: buf.Len(), Gzip: gzipLen(buf.Bytes())})
	}
	out = append(out, PackageSize{Package: "(data: strings, types, pclntab)", Code: dataBytes, Gzip: gzipLen(b[len(b)-dataBytes:])})
	slices.SortFunc(out, func(a, b PackageSize) int { return b.Gzip - a.Gzip })
	return out, nil
}

// packageOf returns the package of a function's name in the wasm name
// section, where the compiler writes "/" as "_": "runtime" for
// "runtime.mallocgc", "github.com_integry_go_integry_sdk" for
// "github.com_integry_go_integry_sdk.skipValue".
func packageOf(fn string) string {
	if fn == "" {
		return "(unnamed)"
	}
	start := 0
	for _, host := range []string{"github.com_", "golang.org_", "gopkg.in_", "go.etcd.io_"} {
		if strings.HasPrefix(fn, host) {
			start = len(host) // a module path: its host has a dot of its own
		}
	}
	dot := strings.IndexByte(fn[start:], '.')
	if dot < 0 {
		return fn
	}
	return fn[:start+dot]
}

func gzipLen(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

type reader struct {
	b   []byte
	i   int
	err error
}

func (r *reader) byte() byte {
	if r.i >= len(r.b) {
		r.err = io.ErrUnexpectedEOF
		return 0
	}
	c := r.b[r.i]
	r.i++
	return c
}

func (r *reader) uleb() uint64 {
	var v uint64
	for shift := 0; ; shift += 7 {
		c := r.byte()
		if r.err != nil {
			return 0
		}
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
}

func (r *reader) name() string {
	n := int(r.uleb())
	if r.i+n > len(r.b) {
		r.err = io.ErrUnexpectedEOF
		return ""
	}
	s := string(r.b[r.i : r.i+n])
	r.i += n
	return s
}

func (r *reader) limits() {
	if r.byte() == 1 {
		r.uleb()
	}
	r.uleb()
}
