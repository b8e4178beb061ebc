package wasmdata

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// Function-level line tables.
//
// A Go program carries, for every function, tables that map each program
// counter to a file and a line (the pcfile and pcln tables in the runtime's
// pctab, reached from the function's _func record). The runtime reads them
// only to print a file:line: in a traceback, and for runtime.Caller,
// runtime.Callers' Frames and Func.FileLine. Nothing else depends on them:
// stack growth, garbage collection and panics read the pcsp and pcdata
// tables and the funcdata, which this step leaves alone, as it leaves the
// function names, the file table and every other byte of the module.
//
// [FunctionLines] replaces each function's two tables with one-entry tables
// holding the values the originals had at the function's entry: its file and
// the line where it begins. Each covers the widest span of program counters
// any original did (a lookup stops at the first entry past its pc), so
// functions with the same value share one table. The bytes the old tables
// used, and no other table shares, become
// zeros (which compress to nothing) and hold the new tables. A traceback
// then still names every function, its file and its offset (+0x…); its line
// is the one the function begins on. The linked module, before this step,
// maps that offset back to the statement (docs/bundle.md#line-tables).
//
// The function's record also holds the line it begins on (startLine),
// which only runtime.Frame.StartLine and runtime/pprof read; its line table
// now says the same, and the field becomes 0 (Frame.StartLine reads 0).
// Whether a program may do without all this is its own question: the SDK's
// test (real_test.go) checks that the SDK links no runtime.Caller, Callers,
// CallersFrames or FuncForPC, so that only a traceback reads a line.
//
// The step changes bytes inside existing data segments only: every section
// keeps its size, and no address moves. It needs the layout of Go 1.20+'s
// pclntab (magic 0xfffffff1, 8-byte pointers) and of the _func record, and
// checks that layout on every function before it changes anything.

// LineStats describe what FunctionLines did.
type LineStats struct {
	// Funcs is the number of functions; Tables the tables rewritten or
	// dropped (a table shared by several functions counts once per use).
	Funcs, Tables int
	// OldBytes is the bytes of pctab that only those tables used; NewBytes
	// the bytes of the tables written in their place (the rest is now
	// zeros).
	OldBytes, NewBytes int
}

// errNoPclntab reports a module without a recognisable Go 1.20+ pclntab.
var errNoPclntab = fmt.Errorf("%w: no Go pclntab (Go 1.20+, 64-bit pointers) in the data segments", ErrUnsupported)

// image is the initial memory a module's data segments write, with a way
// back to the segments' bytes.
type memImage struct {
	mem  []byte
	segs []Segment // active, constant offset, memory 0, in section order
}

// byte layout of the runtime's structures (runtime/symtab.go, Go 1.20+).
const (
	pcHeaderMagic = 0xfffffff1
	// pcHeader: magic u32, pad1, pad2, minLC, ptrSize u8, nfunc int,
	// nfiles uint, unused uintptr, then five uintptr offsets.
	phNfunc, phFuncname, phCu, phFiletab, phPctab, phPcln = 8, 32, 40, 48, 56, 64
	// moduledata: pcHeader pointer, then the slices funcnametab, cutab,
	// filetab, pctab, pclntable, ftab (24 bytes each).
	mdFuncname, mdCutab, mdFiletab, mdPctab, mdPclntable, mdFtab = 8, 32, 56, 80, 104, 128
	// _func: entryOff, nameOff, args, deferreturn, pcsp, pcfile, pcln,
	// npcdata, cuOffset (u32), startLine (i32), funcID, flag, pad,
	// nfuncdata (u8), then npcdata u32 offsets.
	fEntry, fPcsp, fPcfile, fPcln, fNpcdata, fCuOffset, fStartLine, fPcdata = 0, 16, 20, 24, 28, 32, 36, 44
	// pcdataUnsafePoint is the index of the table of async-preemption
	// points (abi.PCDATA_UnsafePoint).
	pcdataUnsafePoint = 0
)

// FunctionLines returns module with every function's pcfile and pcln tables
// reduced to the function's entry values, and its startLine zeroed (see
// above). A module that is not
// a Go program with a pclntab it recognises is an error wrapping
// [ErrUnsupported]; nothing is written then.
func FunctionLines(module []byte) ([]byte, LineStats, error) {
	return rewriteTables(module, true, false)
}

// DropUnsafePoints returns module without its unsafe-point tables
// (abi.PCDATA_UnsafePoint: where a goroutine may not be preempted
// asynchronously). The runtime reads them only in isAsyncSafePoint, on a
// signal that asks a thread to preempt its goroutine; a WebAssembly
// program has one thread and no signals (runtime/os_wasm.go:
// preemptMSupported is false), so it never reads them. Each function's
// record then names no such table, and the bytes the tables used, where no
// other table shares them, become zeros. Stats count the tables in Tables
// and their bytes in OldBytes.
func DropUnsafePoints(module []byte) ([]byte, LineStats, error) {
	return rewriteTables(module, false, true)
}

// rewriteTables applies FunctionLines (lines) and DropUnsafePoints
// (unsafe) to a copy of module, in its data segments' bytes.
func rewriteTables(module []byte, lines, unsafe bool) ([]byte, LineStats, error) {
	var st LineStats
	out := slices.Clone(module)
	img, p, err := loadImage(out)
	if err != nil {
		return nil, st, err
	}
	before := slices.Clone(img.mem)
	if st, err = p.rewrite(img.mem, lines, unsafe); err != nil {
		return nil, st, err
	}
	// Write the changed bytes back into every segment that writes them
	// (the last one decides the initial memory; all get the same value).
	covered := make([]bool, len(img.mem))
	for _, s := range img.segs {
		for i := range s.Data {
			a := int(s.Offset) + i
			s.Data[i] = img.mem[a]
			covered[a] = true
		}
	}
	for a := range img.mem {
		if img.mem[a] != before[a] && img.mem[a] != 0 && !covered[a] {
			return nil, st, fmt.Errorf("%w: pctab byte %d is outside every data segment", ErrUnsupported, a)
		}
	}
	return out, st, nil
}

// loadImage reads the memory image of a Go module's data segments, whose
// Data slices point into module, and finds its pclntab.
func loadImage(module []byte) (*memImage, *pclntab, error) {
	m, err := Parse(module)
	if err != nil {
		return nil, nil, err
	}
	data := m.section(SectionData)
	if data == nil || m.ImportedMemories != 0 {
		return nil, nil, errNoPclntab
	}
	segs, err := ParseData(data.Contents)
	if err != nil {
		return nil, nil, err
	}
	img := &memImage{}
	for _, s := range segs {
		if s.Passive || !s.Const || s.Memory != 0 {
			return nil, nil, fmt.Errorf("%w: a data segment that is not active at a constant offset in memory 0", ErrUnsupported)
		}
		end, ok := s.end()
		if !ok || end > 1<<31 {
			return nil, nil, fmt.Errorf("%w: a data segment past 2 GiB", ErrUnsupported)
		}
		if int(end) > len(img.mem) {
			img.mem = append(img.mem, make([]byte, int(end)-len(img.mem))...)
		}
		copy(img.mem[s.Offset:], s.Data)
		img.segs = append(img.segs, s)
	}
	p, err := findPclntab(img.mem)
	if err != nil {
		return nil, nil, err
	}
	return img, p, nil
}

// FileLine returns the file and line of the instruction at offset off in
// the function named fn, from the module's pc-value tables. Off is what a
// traceback prints after a frame's file:line ("+0x1d"); a traceback shows,
// for a frame that called the next one, the line of offset off-1, the call
// itself. Run on the module before [FunctionLines] (bin/integry.linked.wasm
// for the bundle), it gives back the line a function-level traceback
// leaves out.
func FileLine(module []byte, fn string, off uint64) (file string, line int, err error) {
	img, p, err := loadImage(module)
	if err != nil {
		return "", 0, err
	}
	mem := img.mem
	u32 := func(a int) int { return int(binary.LittleEndian.Uint32(mem[a:])) }
	cstring := func(a, end int) string {
		if a < 0 || a >= end {
			return ""
		}
		n := bytes.IndexByte(mem[a:end], 0)
		if n < 0 {
			return ""
		}
		return string(mem[a : a+n])
	}
	for k := range p.nfunc {
		f := p.pcln + u32(p.ftab+8*k+4)
		if cstring(p.funcname+u32(f+4), p.funcname+p.funcnameLen) != fn {
			continue
		}
		fileno, ok1 := p.valueAt(mem, u32(f+fPcfile), off)
		ln, ok2 := p.valueAt(mem, u32(f+fPcln), off)
		if !ok1 || !ok2 {
			return "", 0, fmt.Errorf("wasmdata: %s+%#x: no line there", fn, off)
		}
		cu := u32(f+fCuOffset) + int(fileno)
		if cu < 0 || 4*cu+4 > p.cutabLen {
			return "", 0, fmt.Errorf("%w: %s: file %d is not in the file table", ErrMalformed, fn, fileno)
		}
		return cstring(p.filetab+u32(p.cutab+4*cu), p.filetab+p.filetabLen), int(ln), nil
	}
	return "", 0, fmt.Errorf("wasmdata: no function named %q", fn)
}

// valueAt is runtime.pcvalue: the table's value at offset off from the
// function's entry.
func (p *pclntab) valueAt(mem []byte, tab int, off uint64) (int64, bool) {
	if tab == 0 {
		return 0, false
	}
	var at int64
	found := false
	_, ok := p.walk(mem, tab, func(val int64, pc uint64) bool {
		if off < pc {
			at, found = val, true
			return false
		}
		return true
	})
	return at, ok && found
}

// walk reads the pc-value table at pctab offset off (runtime.pcvalue's
// encoding: pairs of a zigzag value delta and a pc delta, ending with a
// zero value delta after the first pair), calling step with each entry's
// value and the pc where it ends until step returns false. It returns the
// table's length in bytes, and false if the table runs past pctab.
func (p *pclntab) walk(mem []byte, off int, step func(val int64, pc uint64) bool) (int, bool) {
	start, end := p.pctab+off, p.pctab+p.pctabLen
	i := start
	varint := func() (uint64, bool) {
		if i >= end {
			return 0, false
		}
		v, n := binary.Uvarint(mem[i:end])
		i += max(n, 0)
		return v, n > 0
	}
	val, pc := int64(-1), uint64(0)
	for first := true; ; first = false {
		uv, ok := varint()
		if !ok {
			return 0, false
		}
		if uv == 0 && !first {
			return i - start, true
		}
		if uv&1 != 0 {
			val += int64(^(uv >> 1))
		} else {
			val += int64(uv >> 1)
		}
		pcd, ok := varint()
		if !ok {
			return 0, false
		}
		pc += pcd * uint64(p.minLC)
		if !step(val, pc) {
			return i - start, true
		}
	}
}

// pclntab is where a module's function tables are in its memory image.
type pclntab struct {
	pctab, pctabLen int // the pc-value tables
	funcname        int // function names, NUL-terminated, at _func.nameOff
	funcnameLen     int
	cutab, cutabLen int // per compilation unit: file number → filetab offset (u32)
	filetab         int // file names, NUL-terminated
	filetabLen      int
	pcln            int // start of pclntable, which _func offsets are relative to
	pclnLen         int
	ftab            int // nfunc+1 {entryOff, funcOff uint32}
	nfunc           int
	minLC           int
	moduledata      int // runtime.firstmoduledata's address
}

// findPclntab finds the pcHeader by its magic number and checks it against
// the runtime.moduledata that points to it.
func findPclntab(mem []byte) (*pclntab, error) {
	u64 := func(a int) int {
		if a < 0 || a+8 > len(mem) {
			return -1
		}
		v := binary.LittleEndian.Uint64(mem[a:])
		if v > 1<<31 {
			return -1
		}
		return int(v)
	}
	for ph := 0; ph+72 <= len(mem); ph += 8 {
		if binary.LittleEndian.Uint32(mem[ph:]) != pcHeaderMagic || mem[ph+4] != 0 || mem[ph+5] != 0 || mem[ph+7] != 8 || mem[ph+6] == 0 {
			continue
		}
		nfunc := u64(ph + phNfunc)
		off := func(f int) int {
			o := u64(ph + f)
			if o < 0 {
				return -1
			}
			return ph + o
		}
		want := [...]struct{ md, at int }{
			{mdFuncname, off(phFuncname)}, {mdCutab, off(phCu)}, {mdFiletab, off(phFiletab)},
			{mdPctab, off(phPctab)}, {mdPclntable, off(phPcln)}, {mdFtab, off(phPcln)},
		}
		for md := 0; md+152 <= len(mem); md += 8 {
			if u64(md) != ph {
				continue
			}
			ok := nfunc > 0
			for _, w := range want {
				ok = ok && w.at >= 0 && u64(md+w.md) == w.at
			}
			p := &pclntab{
				pctab: u64(md + mdPctab), pctabLen: u64(md + mdPctab + 8),
				funcname: u64(md + mdFuncname), funcnameLen: u64(md + mdFuncname + 8),
				cutab: u64(md + mdCutab), cutabLen: 4 * u64(md+mdCutab+8),
				filetab: u64(md + mdFiletab), filetabLen: u64(md + mdFiletab + 8),
				pcln: u64(md + mdPclntable), pclnLen: u64(md + mdPclntable + 8),
				ftab: u64(md + mdFtab), nfunc: nfunc, minLC: int(mem[ph+6]), moduledata: md,
			}
			ok = ok && u64(md+mdFtab+8) == nfunc+1 && p.pctabLen > 0 && p.pclnLen > 0 &&
				p.pctab+p.pctabLen <= len(mem) && p.funcname+p.funcnameLen <= len(mem) &&
				p.cutab+p.cutabLen <= len(mem) && p.filetab+p.filetabLen <= len(mem) && p.pcln+p.pclnLen <= len(mem) && p.ftab+8*(nfunc+1) <= len(mem)
			if ok {
				return p, nil
			}
		}
	}
	return nil, errNoPclntab
}

// table is one pc-value table: its offset in pctab, its length in bytes,
// the value at the function's entry and the pc span it covers.
type table struct {
	off, n int
	first  int64
	span   uint64
}

// decode reads the table at pctab offset off: its first value, the pcs it
// spans and its length (the encoding is walk's).
func (p *pclntab) decode(mem []byte, off int) (table, error) {
	t := table{off: off}
	first := true
	n, ok := p.walk(mem, off, func(val int64, pc uint64) bool {
		if first {
			t.first, first = val, false
		}
		t.span = pc
		return true
	})
	if !ok {
		return t, fmt.Errorf("%w: pc-value table at %d runs past pctab", ErrMalformed, off)
	}
	t.n = n
	return t, nil
}

// encodeTable writes a one-entry table: value v over span pcs.
func encodeTable(v int64, span uint64, minLC int) []byte {
	d := v + 1 // from the initial -1
	var uv uint64
	if d >= 0 {
		uv = uint64(d) << 1
	} else {
		uv = uint64(^d)<<1 | 1
	}
	b := binary.AppendUvarint(nil, uv)
	b = binary.AppendUvarint(b, span/uint64(minLC))
	return append(b, 0)
}

// rewrite replaces the pcfile and pcln tables of every function in mem
// (lines), and drops their unsafe-point tables (unsafe).
func (p *pclntab) rewrite(mem []byte, lines, unsafe bool) (LineStats, error) {
	st := LineStats{Funcs: p.nfunc}
	u32 := func(a int) int { return int(binary.LittleEndian.Uint32(mem[a:])) }
	type use struct{ field, off int } // where a _func names a table
	var lineUses []use
	var unsafeUses []int // the _func fields that name an unsafe-point table
	kept := make([]bool, p.pctabLen)
	old := make([]bool, p.pctabLen)
	tables := map[int]table{}
	get := func(off int) (table, error) {
		if t, ok := tables[off]; ok {
			return t, nil
		}
		t, err := p.decode(mem, off)
		tables[off] = t
		return t, err
	}
	mark := func(set []bool, t table) {
		for i := t.off; i < t.off+t.n; i++ {
			set[i] = true
		}
	}
	for k := range p.nfunc {
		entry, fo := u32(p.ftab+8*k), u32(p.ftab+8*k+4)
		f := p.pcln + fo
		if fo <= 0 || f+fPcdata > p.pcln+p.pclnLen || u32(f+fEntry) != entry {
			return st, fmt.Errorf("%w: function %d's record does not match the function table", ErrUnsupported, k)
		}
		npc := u32(f + fNpcdata)
		if npc > 64 || f+fPcdata+4*npc > p.pcln+p.pclnLen {
			return st, fmt.Errorf("%w: function %d has %d pcdata tables", ErrUnsupported, k, npc)
		}
		offs := []int{u32(f + fPcsp)}
		for j := range npc {
			if j == pcdataUnsafePoint && unsafe {
				if o := u32(f + fPcdata); o != 0 {
					t, err := get(o)
					if err != nil {
						return st, err
					}
					mark(old, t)
					unsafeUses = append(unsafeUses, f+fPcdata)
					st.Tables++
				}
				continue
			}
			offs = append(offs, u32(f+fPcdata+4*j))
		}
		for _, o := range offs {
			if o == 0 {
				continue
			}
			t, err := get(o)
			if err != nil {
				return st, err
			}
			mark(kept, t)
		}
		for _, field := range []int{f + fPcfile, f + fPcln} {
			o := u32(field)
			if o == 0 {
				continue
			}
			t, err := get(o)
			if err != nil {
				return st, err
			}
			if !lines {
				mark(kept, t)
				continue
			}
			mark(old, t)
			lineUses = append(lineUses, use{field, o})
		}
		if lines {
			binary.LittleEndian.PutUint32(mem[f+fStartLine:], 0)
		}
	}
	// The free space: bytes only the tables dropped or replaced used.
	type run struct{ at, n int }
	var free []run
	for i := 1; i < p.pctabLen; i++ { // offset 0 means "no table"
		if !old[i] || kept[i] {
			continue
		}
		if len(free) > 0 && free[len(free)-1].at+free[len(free)-1].n == i {
			free[len(free)-1].n++
		} else {
			free = append(free, run{i, 1})
		}
		st.OldBytes++
	}
	for _, r := range free {
		clear(mem[p.pctab+r.at : p.pctab+r.at+r.n])
	}
	for _, field := range unsafeUses {
		binary.LittleEndian.PutUint32(mem[field:], 0) // no table
	}
	// Every new table covers the widest span any old one did: a lookup
	// stops at the first entry past its pc, so a longer span answers every
	// pc of the function the same, and tables with the same value are one.
	var span uint64
	for _, u := range lineUses {
		span = max(span, tables[u.off].span)
	}
	written := map[string]int{}
	cur := 0 // free runs before cur are full
	for _, u := range lineUses {
		nt := encodeTable(tables[u.off].first, span, p.minLC)
		at, ok := written[string(nt)]
		if !ok {
			for cur < len(free) && free[cur].n < len(nt) {
				cur++ // next fit: a run too small for this table is left as zeros
			}
			if cur == len(free) {
				return st, errors.New("wasmdata: no room left in pctab for the function-level tables")
			}
			at = free[cur].at
			copy(mem[p.pctab+at:], nt)
			free[cur].at += len(nt)
			free[cur].n -= len(nt)
			written[string(nt)] = at
			st.NewBytes += len(nt)
		}
		binary.LittleEndian.PutUint32(mem[u.field:], uint32(at))
		st.Tables++
	}
	return st, nil
}
