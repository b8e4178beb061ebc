package wasmdata

import (
	"errors"
	"fmt"
)

// ErrMalformed is wrapped by every error about bytes that are not a valid
// WebAssembly binary module.
var ErrMalformed = errors.New("wasmdata: malformed module")

// ErrUnsupported is wrapped by errors about valid constructs this package
// does not understand (an unknown import kind or constant instruction, a
// binary format version other than 1).
var ErrUnsupported = errors.New("wasmdata: unsupported module")

// Section IDs (WebAssembly core specification, 5.5.2).
const (
	SectionCustom    = 0
	SectionImport    = 2
	SectionMemory    = 5
	SectionData      = 11
	SectionDataCount = 12
)

// header is the magic number and version 1.
const header = "\x00asm\x01\x00\x00\x00"

// Section is one section of a module.
type Section struct {
	// ID is the section ID, e.g. SectionData.
	ID byte
	// Raw is the whole section as it appears in the module: ID, size and
	// contents.
	Raw []byte
	// Contents is the part of Raw after the size.
	Contents []byte
}

// Name returns a custom section's name ("" for other sections, or when the
// name cannot be read).
func (s Section) Name() string {
	if s.ID != SectionCustom {
		return ""
	}
	r := &reader{b: s.Contents}
	n := r.u32()
	name := r.bytes(int(n))
	if r.err != nil {
		return ""
	}
	return string(name)
}

// Module is a parsed module: its sections in order, and what Merge needs to
// know about its memories.
type Module struct {
	// Sections are the module's sections in the order they appear.
	Sections []Section
	// ImportedMemories is the number of memories the module imports; they
	// come first in the memory index space, and their initial contents are
	// not known.
	ImportedMemories uint32
}

// Parse splits a binary module into its sections and counts its imported
// memories. It checks the framing (magic, version, section sizes) and the
// import section; it does not validate the rest.
func Parse(module []byte) (*Module, error) {
	if len(module) < len(header) || string(module[:4]) != header[:4] {
		return nil, fmt.Errorf("%w: no \\0asm magic number", ErrMalformed)
	}
	if string(module[4:8]) != header[4:] {
		return nil, fmt.Errorf("%w: binary format version %x, want 1", ErrUnsupported, module[4:8])
	}
	m := &Module{}
	r := &reader{b: module, i: len(header)}
	for r.err == nil && r.i < len(r.b) {
		start := r.i
		id := r.byte()
		size := r.u32()
		contents := r.bytes(int(size))
		if r.err != nil {
			return nil, fmt.Errorf("%w: section %d at byte %d: %v", ErrMalformed, id, start, r.err)
		}
		m.Sections = append(m.Sections, Section{ID: id, Raw: module[start:r.i], Contents: contents})
		if id == SectionImport {
			n, err := importedMemories(contents)
			if err != nil {
				return nil, fmt.Errorf("import section: %w", err)
			}
			m.ImportedMemories = n
		}
	}
	return m, nil
}

// section returns the first section with the given ID, or nil.
func (m *Module) section(id byte) *Section {
	for i := range m.Sections {
		if m.Sections[i].ID == id {
			return &m.Sections[i]
		}
	}
	return nil
}

// importedMemories counts the memory imports of an import section.
func importedMemories(b []byte) (uint32, error) {
	r := &reader{b: b}
	var mems uint32
	for n, i := r.u32(), uint32(0); i < n && r.err == nil; i++ {
		r.bytes(int(r.u32())) // module name
		r.bytes(int(r.u32())) // field name
		switch kind := r.byte(); kind {
		case 0x00: // function: type index
			r.u32()
		case 0x01: // table: reference type, limits
			if t := r.byte(); t != 0x70 && t != 0x6F && r.err == nil {
				return 0, fmt.Errorf("%w: import %d: table of reference type 0x%02x", ErrUnsupported, i, t)
			}
			r.limits()
		case 0x02: // memory: limits
			r.limits()
			mems++
		case 0x03: // global: value type, mutability
			r.byte()
			r.byte()
		case 0x04: // tag: attribute, type index
			r.byte()
			r.u32()
		default:
			if r.err == nil {
				return 0, fmt.Errorf("%w: import %d: kind 0x%02x", ErrUnsupported, i, kind)
			}
		}
	}
	if r.err == nil && r.i != len(r.b) {
		r.err = fmt.Errorf("%d bytes after the last import", len(r.b)-r.i)
	}
	if r.err != nil {
		return 0, fmt.Errorf("%w: %v", ErrMalformed, r.err)
	}
	return mems, nil
}

// Segment is one data segment.
type Segment struct {
	// Raw is the segment's encoding, copied unchanged when it is not merged.
	Raw []byte
	// Passive is true for a passive segment (flags 1): it has no memory and
	// no offset.
	Passive bool
	// Memory is an active segment's memory index.
	Memory uint32
	// Const is true when the offset expression is a single i32.const or
	// i64.const (Wide), whose value is Offset.
	Const, Wide bool
	// Offset is the constant offset, as an unsigned address.
	Offset uint64
	// Data is the segment's bytes.
	Data []byte
}

// end is the address after the segment's last byte, and whether it fits
// the address space of its memory.
func (s Segment) end() (uint64, bool) {
	n := uint64(len(s.Data))
	if !s.Wide {
		e := s.Offset + n
		return e, e <= 1<<32
	}
	e := s.Offset + n
	return e, e >= s.Offset
}

// ParseData decodes the contents of a data section.
func ParseData(contents []byte) ([]Segment, error) {
	r := &reader{b: contents}
	n := r.u32()
	if r.err == nil && uint64(n) > uint64(len(contents)) {
		r.err = fmt.Errorf("%d segments in %d bytes", n, len(contents))
	}
	var segs []Segment
	if r.err == nil {
		segs = make([]Segment, 0, n)
	}
	for i := uint32(0); i < n && r.err == nil; i++ {
		start := r.i
		var s Segment
		switch flags := r.u32(); flags {
		case 0:
			s.constExpr(r)
		case 1:
			s.Passive = true
		case 2:
			s.Memory = r.u32()
			s.constExpr(r)
		default:
			if r.err == nil {
				r.err = fmt.Errorf("segment %d: flags %d", i, flags)
			}
		}
		s.Data = r.bytes(int(r.u32()))
		s.Raw = contents[start:r.i]
		if r.err != nil {
			r.err = fmt.Errorf("segment %d at byte %d: %w", i, start, r.err)
			break
		}
		segs = append(segs, s)
	}
	if r.err == nil && r.i != len(contents) {
		r.err = fmt.Errorf("%d bytes after the last segment", len(contents)-r.i)
	}
	if r.err != nil {
		if errors.Is(r.err, ErrUnsupported) {
			return nil, r.err
		}
		return nil, fmt.Errorf("%w: data section: %v", ErrMalformed, r.err)
	}
	return segs, nil
}

// constExpr reads an offset expression, recording its value when it is a
// single i32.const or i64.const.
func (s *Segment) constExpr(r *reader) {
	var first byte
	var n int
	for {
		op := r.byte()
		if r.err != nil || op == 0x0B { // end
			break
		}
		if n == 0 {
			first = op
		}
		n++
		switch op {
		case 0x41: // i32.const
			s.Offset, s.Wide = uint64(uint32(r.s32())), false
		case 0x42: // i64.const
			s.Offset, s.Wide = uint64(r.s64()), true
		case 0x23: // global.get
			r.u32()
		case 0x6A, 0x6B, 0x6C, 0x7C, 0x7D, 0x7E: // extended const: i32/i64 add, sub, mul
		default:
			r.err = fmt.Errorf("%w: offset expression with opcode 0x%02x", ErrUnsupported, op)
		}
	}
	s.Const = r.err == nil && n == 1 && (first == 0x41 || first == 0x42)
}

// reader decodes the binary format; the first error sticks.
type reader struct {
	b   []byte
	i   int
	err error
}

var errEOF = errors.New("unexpected end")

func (r *reader) byte() byte {
	if r.err != nil {
		return 0
	}
	if r.i >= len(r.b) {
		r.err = errEOF
		return 0
	}
	c := r.b[r.i]
	r.i++
	return c
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b)-r.i {
		r.err = errEOF
		return nil
	}
	b := r.b[r.i : r.i+n : r.i+n]
	r.i += n
	return b
}

// uleb reads an unsigned LEB128 of at most bits bits.
func (r *reader) uleb(bits uint) uint64 {
	var v uint64
	for shift := uint(0); ; shift += 7 {
		c := r.byte()
		if r.err != nil {
			return 0
		}
		if shift >= bits || (bits-shift < 7 && (c&0x7F)>>(bits-shift) != 0) {
			r.err = fmt.Errorf("integer too large for %d bits", bits)
			return 0
		}
		v |= uint64(c&0x7F) << shift
		if c&0x80 == 0 {
			return v
		}
	}
}

// sleb reads a signed LEB128 of at most bits bits.
func (r *reader) sleb(bits uint) int64 {
	var v int64
	for shift := uint(0); ; shift += 7 {
		c := r.byte()
		if r.err != nil {
			return 0
		}
		if shift >= bits {
			r.err = fmt.Errorf("integer too large for %d bits", bits)
			return 0
		}
		if valid := bits - shift; valid < 7 {
			// The last byte: its bits from the sign bit up must all be equal.
			rest := (c & 0x7F) >> (valid - 1)
			if rest != 0 && rest != 0x7F>>(valid-1) {
				r.err = fmt.Errorf("integer too large for %d bits", bits)
				return 0
			}
		}
		v |= int64(c&0x7F) << shift
		if c&0x80 == 0 {
			if shift+7 < 64 && c&0x40 != 0 {
				v |= -1 << (shift + 7)
			}
			return v
		}
	}
}

func (r *reader) u32() uint32 { return uint32(r.uleb(32)) }
func (r *reader) s32() int32  { return int32(r.sleb(32)) }
func (r *reader) s64() int64  { return r.sleb(64) }

// limits skips a table's or memory's limits: flags, minimum, maximum.
func (r *reader) limits() {
	flags := r.byte() // bit 0: has a maximum; 1: shared; 2: 64-bit
	if flags > 0x07 && r.err == nil {
		r.err = fmt.Errorf("limits flags 0x%02x", flags)
		return
	}
	r.uleb(64)
	if flags&1 != 0 {
		r.uleb(64)
	}
}

// appendU32 appends v as an unsigned LEB128.
func appendU32(b []byte, v uint32) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// appendS64 appends v as a signed LEB128.
func appendS64(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7F)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}
