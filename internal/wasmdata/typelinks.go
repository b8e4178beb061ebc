package wasmdata

import (
	"encoding/binary"
	"fmt"
	"slices"
)

// Type links.
//
// runtime.moduledata.typelinks lists the offset of every type descriptor
// the linker thought reflection might look up by name. Two readers exist:
// typelinksinit, which returns at once unless the program has more than one
// module (plugins, shared libraries: never in a WebAssembly program), and
// reflect.typelinks, for package reflect's lookups (PtrTo, ArrayOf, FuncOf
// and the like, which reuse a type the program has). A program that does not
// link package reflect never reads them.

// byte layout of runtime.moduledata past ftab (runtime/symtab.go, Go 1.26):
// findfunctab, minpc, maxpc, text, etext, noptrdata, enoptrdata, data,
// edata, bss, ebss, noptrbss, enoptrbss, covctrs, ecovctrs, end, gcdata,
// gcbss, types, etypes, rodata, gofunc, epclntab (uintptr each), then the
// slices textsectmap and typelinks.
const (
	mdTypes, mdEtypes = 296, 304
	mdTypelinks       = 360
)

// DropTypelinks returns module with its type-link table zeroed and empty
// (length and capacity 0), for a program that does not link package reflect
// (see above): whether it does is the caller's to know, since a stripped
// module no longer names its functions. Stats count the entries in Tables
// and their bytes in OldBytes.
func DropTypelinks(module []byte) ([]byte, LineStats, error) {
	var st LineStats
	out := slices.Clone(module)
	img, p, err := loadImage(out)
	if err != nil {
		return nil, st, err
	}
	mem, md := img.mem, p.moduledata
	u64 := func(a int) int { return int(binary.LittleEndian.Uint64(mem[a:])) }
	at, n, c := u64(md+mdTypelinks), u64(md+mdTypelinks+8), u64(md+mdTypelinks+16)
	types, etypes := u64(md+mdTypes), u64(md+mdEtypes)
	ok := n == c && n >= 0 && n < 1<<24 && at > 0 && at+4*n <= len(mem) && types > 0 && etypes > types && etypes <= len(mem)
	for i := 0; ok && i < n; i++ {
		off := int(binary.LittleEndian.Uint32(mem[at+4*i:]))
		ok = off < etypes-types
	}
	if !ok {
		return nil, st, fmt.Errorf("%w: runtime.moduledata.typelinks is not where Go 1.26 puts it", ErrUnsupported)
	}
	clear(mem[at : at+4*n])
	clear(mem[md+mdTypelinks : md+mdTypelinks+24]) // a nil slice
	st.Funcs, st.Tables, st.OldBytes = p.nfunc, n, 4*n
	for _, s := range img.segs {
		for i := range s.Data {
			s.Data[i] = mem[int(s.Offset)+i]
		}
	}
	return out, st, nil
}
