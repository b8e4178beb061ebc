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

// Where the wasm's bytes go.
//
// A wasm module is a header and a list of sections, each with an id and a
// payload (https://webassembly.github.io/spec/core/binary/modules.html).
// In a Go build the two big ones are code (function bodies) and data (the
// initial memory image: strings, type descriptors, the pclntab the runtime
// needs for stacks and the GC), sent as data segments. A build without -s
// also has a "name" custom section that names every function; the shipped
// build (-ldflags=-s) leaves it out, so it costs nothing on the wire.
//
// The breakdown reads the SHIPPED module for its sections, each gzipped on
// its own, so that every figure is bytes a browser downloads. (The figure
// this replaces gzipped the last data-section-sized stretch of the NAMED
// build: the tail of its data section plus the whole name section, about
// 107 KB of names that are never shipped.) To split the code section by Go
// package, and to list the largest functions, it builds ./wasm once more
// without -s (`make named-wasm`, with the shipped build's other flags: a
// build without them, as this did before, counted 26 KB of gzip too many in
// ui alone): the name section maps function indices to names, and the
// function bodies are the same bytes as in the shipped build, which it
// checks by comparing the code sections' sizes.
//
// Each part is gzipped alone, so the parts add up to more than the gzip of
// the whole file: a part loses the matches it would have found in the
// others. They show proportions, not exact shares.

// wasmSection is one section of a module: its payload is b[Start:End].
type wasmSection struct {
	ID         byte
	Name       string // custom sections (id 0) only
	Start, End int
}

var sectionNames = []string{"custom", "type", "import", "function", "table", "memory", "global",
	"export", "start", "element", "code", "data", "datacount", "tag"}

func (s wasmSection) label() string {
	if s.ID == 0 {
		return "custom " + s.Name
	}
	if int(s.ID) < len(sectionNames) {
		return sectionNames[s.ID]
	}
	return fmt.Sprintf("section %d", s.ID)
}

// wasmSections lists the sections of a module.
func wasmSections(b []byte) ([]wasmSection, error) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil, errors.New("not a wasm module")
	}
	r := &reader{b: b, i: 8}
	var out []wasmSection
	for r.i < len(r.b) {
		id := r.byte()
		size := int(r.uleb())
		if r.err != nil || r.i+size > len(b) {
			return nil, fmt.Errorf("section %d at %d: truncated", id, r.i)
		}
		s := wasmSection{ID: id, Start: r.i, End: r.i + size}
		if id == 0 {
			sub := &reader{b: b[:s.End], i: s.Start}
			s.Name = sub.name()
		}
		out = append(out, s)
		r.i = s.End
	}
	return out, nil
}

// hasNameSection reports whether dir/integry.wasm keeps its function names.
func hasNameSection(dir string) (bool, error) {
	b, err := os.ReadFile(filepath.Join(dir, "integry.wasm"))
	if err != nil {
		return false, err
	}
	return keepsNames(b)
}

// keepsNames reports whether a module has a name section.
func keepsNames(b []byte) (bool, error) {
	secs, err := wasmSections(b)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(secs, func(s wasmSection) bool { return s.ID == 0 && s.Name == "name" }), nil
}

// SectionSize is one section of the shipped module.
type SectionSize struct {
	Section string `json:"section"`
	Raw     int    `json:"rawBytes"`
	Gzip    int    `json:"gzipBytes"` // this section's bytes alone, gzip -9
	Note    string `json:"note,omitempty"`
}

// shippedSections measures the sections of the module a browser downloads,
// the small ones together as "other".
func shippedSections(b []byte) ([]SectionSize, error) {
	secs, err := wasmSections(b)
	if err != nil {
		return nil, err
	}
	var out []SectionSize
	var other bytes.Buffer
	var otherNames []string
	for _, s := range secs {
		payload := b[s.Start:s.End]
		switch {
		case s.ID == 10 || s.ID == 11 || (s.ID == 0 && s.Name == "name"):
			row := SectionSize{Section: s.label(), Raw: len(payload), Gzip: gzipLen(payload)}
			if s.ID == 11 {
				n, data, err := dataSegments(payload)
				if err == nil {
					row.Note = fmt.Sprintf("%d segments: %d bytes of data, %d of segment headers", n, data, len(payload)-data)
				}
			}
			out = append(out, row)
		default:
			other.Write(payload)
			otherNames = append(otherNames, s.label())
		}
	}
	out = append(out, SectionSize{Section: "other sections", Raw: other.Len(), Gzip: gzipLen(other.Bytes()),
		Note: strings.Join(otherNames, ", ")})
	return out, nil
}

// dataSegments counts the data section's segments and the bytes they
// carry (the rest are each segment's header: flags, offset expression and
// length).
func dataSegments(p []byte) (n, data int, err error) {
	r := &reader{b: p}
	count := int(r.uleb())
	for range count {
		switch r.uleb() { // flags
		case 0: // active, memory 0, offset expression
			r.constExpr()
		case 1: // passive
		case 2: // active, explicit memory
			r.uleb()
			r.constExpr()
		default:
			return 0, 0, errors.New("unknown data segment kind")
		}
		size := int(r.uleb())
		r.i += size
		data += size
		if r.err != nil || r.i > len(p) {
			return 0, 0, io.ErrUnexpectedEOF
		}
	}
	return count, data, nil
}

// PackageSize is how much of the wasm's code one Go package owns.
type PackageSize struct {
	Package string `json:"package"`
	Code    int    `json:"codeBytes"` // function bodies, uncompressed
	Gzip    int    `json:"gzipBytes"` // those bodies gzipped together, per package
}

// codeByPackage builds ./wasm with its name section kept, through `make
// named-wasm` so that it is compiled with exactly the flags of the shipped
// build (the inlining, GC and linker flags change the code), and returns the
// code bytes per package, biggest gzip first, the largest functions, and the
// size of the named build's code section (to check it against the shipped
// one).
func codeByPackage() ([]PackageSize, []FuncSize, int, error) {
	cmd := exec.Command("make", "-s", "named-wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		return nil, nil, 0, fmt.Errorf("make named-wasm: %v\n%s", err, b)
	}
	bin, err := os.ReadFile(filepath.Join("bin", "integry.named.wasm"))
	if err != nil {
		return nil, nil, 0, err
	}
	return parseNamed(bin)
}

// FuncSize is one function's body in the wasm's code section.
type FuncSize struct {
	Name string `json:"name"` // as the name section spells it ("/" written "_")
	Code int    `json:"codeBytes"`
}

// parseNamed reads the import, code and name sections of a named module.
func parseNamed(b []byte) ([]PackageSize, []FuncSize, int, error) {
	secs, err := wasmSections(b)
	if err != nil {
		return nil, nil, 0, err
	}
	var importedFuncs, codeSize int
	var bodies [][]byte
	names := map[int]string{}
	for _, s := range secs {
		sec := &reader{b: b[:s.End], i: s.Start}
		switch {
		case s.ID == 2: // imports
			for n := sec.uleb(); n > 0 && sec.err == nil; n-- {
				sec.name()
				sec.name()
				switch sec.byte() {
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
		case s.ID == 10: // code
			codeSize = s.End - s.Start
			for n := sec.uleb(); n > 0 && sec.err == nil; n-- {
				sz := int(sec.uleb())
				bodies = append(bodies, sec.b[sec.i:sec.i+sz])
				sec.i += sz
			}
		case s.ID == 0 && s.Name == "name":
			sec.name()
			for sec.i < s.End && sec.err == nil {
				sub := sec.byte()
				subEnd := sec.i + int(sec.uleb())
				if sub == 1 { // function names
					for n := sec.uleb(); n > 0 && sec.err == nil; n-- {
						idx := int(sec.uleb())
						names[idx] = sec.name()
					}
				}
				sec.i = subEnd
			}
		}
		if sec.err != nil {
			return nil, nil, 0, sec.err
		}
	}
	perPkg := map[string]*bytes.Buffer{}
	funcs := make([]FuncSize, 0, len(bodies))
	for i, body := range bodies {
		funcs = append(funcs, FuncSize{Name: names[importedFuncs+i], Code: len(body)})
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
	slices.SortFunc(out, func(a, b PackageSize) int { return b.Gzip - a.Gzip })
	slices.SortStableFunc(funcs, func(a, b FuncSize) int { return b.Code - a.Code })
	return out, funcs, codeSize, nil
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

// constExpr skips a constant expression: instructions up to the end
// opcode (0x0b). Data offsets are an i32.const (0x41) with a LEB operand.
func (r *reader) constExpr() {
	for r.err == nil {
		switch op := r.byte(); op {
		case 0x0b:
			return
		case 0x41, 0x42, 0x23: // i32.const, i64.const, global.get
			r.uleb() // signed LEB: same length as unsigned
		default:
			r.err = fmt.Errorf("unexpected opcode 0x%02x in a constant expression", op)
		}
	}
}
