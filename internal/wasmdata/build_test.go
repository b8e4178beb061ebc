package wasmdata

import (
	"bytes"
	"fmt"
	"testing"
)

// Hand-built modules: each helper returns the binary encoding of one part.

func mod(sections ...[]byte) []byte {
	return append([]byte(header), bytes.Join(sections, nil)...)
}

func sec(id byte, contents ...[]byte) []byte {
	c := bytes.Join(contents, nil)
	return append(appendU32([]byte{id}, uint32(len(c))), c...)
}

func vec(items ...[]byte) []byte {
	return append(appendU32(nil, uint32(len(items))), bytes.Join(items, nil)...)
}

func name(s string) []byte { return append(appendU32(nil, uint32(len(s))), s...) }

// memories is a memory section with one memory per minimum (in pages).
func memories(mins ...uint32) []byte {
	var items [][]byte
	for _, m := range mins {
		items = append(items, appendU32([]byte{0x00}, m))
	}
	return sec(SectionMemory, vec(items...))
}

// importMemory is an import section with one function and one memory.
func importMemory() []byte {
	fn := append(append(name("env"), name("f")...), 0x00, 0x00)
	mem := append(append(name("env"), name("mem")...), 0x02, 0x00, 0x01)
	return sec(SectionImport, vec(fn, mem))
}

func dataSec(segs ...[]byte) []byte { return sec(SectionData, vec(segs...)) }

func i32(off int32) []byte { return append(appendS64([]byte{0x41}, int64(off)), 0x0B) }
func i64(off int64) []byte { return append(appendS64([]byte{0x42}, off), 0x0B) }

// active is a segment with flags 0 (memory 0) or 2 (another memory).
func active(mem uint32, expr []byte, data string) []byte {
	b := []byte{0x00}
	if mem != 0 {
		b = appendU32([]byte{0x02}, mem)
	}
	b = append(b, expr...)
	return append(appendU32(b, uint32(len(data))), data...)
}

func at(off int32, data string) []byte { return active(0, i32(off), data) }

func passive(data string) []byte { return append(appendU32([]byte{0x01}, uint32(len(data))), data...) }

// image simulates instantiation: it applies every active segment with a
// constant offset, in order, to zeroed memories, and returns each memory's
// bytes up to the highest address written. It is the test's own
// reading of the data section, written apart from Merge.
func image(t testing.TB, module []byte) map[uint32][]byte {
	t.Helper()
	m, err := Parse(module)
	if err != nil {
		t.Fatal(err)
	}
	img := map[uint32][]byte{}
	s := m.section(SectionData)
	if s == nil {
		return img
	}
	segs, err := ParseData(s.Contents)
	if err != nil {
		t.Fatal(err)
	}
	for _, seg := range segs {
		if seg.Passive || !seg.Const {
			continue
		}
		end := int(seg.Offset) + len(seg.Data)
		mem := img[seg.Memory]
		if len(mem) < end {
			mem = append(mem, make([]byte, end-len(mem))...)
		}
		copy(mem[seg.Offset:], seg.Data)
		img[seg.Memory] = mem
	}
	return img
}

// sameImage fails the test when two modules initialise memory differently.
func sameImage(t testing.TB, before, after []byte) {
	t.Helper()
	a, b := image(t, before), image(t, after)
	if len(a) != len(b) {
		t.Fatalf("memories written: %d before, %d after", len(a), len(b))
	}
	for mem, img := range a {
		if !bytes.Equal(img, b[mem]) {
			t.Fatalf("memory %d: image differs: %s", mem, firstDiff(img, b[mem]))
		}
	}
}

func firstDiff(a, b []byte) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("byte %d is %#x before, %#x after", i, a[i], b[i])
		}
	}
	return fmt.Sprintf("%d bytes before, %d after", len(a), len(b))
}

// segments returns the segments of a module's data section.
func segments(t testing.TB, module []byte) []Segment {
	t.Helper()
	m, err := Parse(module)
	if err != nil {
		t.Fatal(err)
	}
	segs, err := ParseData(m.section(SectionData).Contents)
	if err != nil {
		t.Fatal(err)
	}
	return segs
}
