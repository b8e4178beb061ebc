package wasmdata

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"
)

func TestParseReadsEverySegmentKind(t *testing.T) {
	custom := sec(SectionCustom, name("producers"), []byte("anything"))
	m := mod(custom, memories(1, 1), dataSec(
		at(16, "ab"),
		passive("xyz"),
		active(1, i32(-1), "c"),                  // i32.const -1 is address 0xFFFFFFFF
		active(0, i64(1<<40), "d"),               // memory64
		active(0, []byte{0x23, 0x00, 0x0B}, "e"), // global.get 0
		active(0, append(append(i32(1)[:2:2], i32(2)[:2]...), 0x6A, 0x0B), "f"), // i32.const 1 i32.const 2 i32.add
	))
	p, err := Parse(m)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Sections) != 3 || p.Sections[0].Name() != "producers" || !bytes.Equal(p.Sections[0].Raw, custom) {
		t.Fatalf("sections: %+v", p.Sections)
	}
	segs := segments(t, m)
	want := []Segment{
		{Const: true, Offset: 16, Data: []byte("ab")},
		{Passive: true, Data: []byte("xyz")},
		{Memory: 1, Const: true, Offset: 0xFFFFFFFF, Data: []byte("c")},
		{Const: true, Wide: true, Offset: 1 << 40, Data: []byte("d")},
		{Data: []byte("e")},
		{Offset: 2, Data: []byte("f")},
	}
	if len(segs) != len(want) {
		t.Fatalf("%d segments, want %d", len(segs), len(want))
	}
	for i, s := range segs {
		w := want[i]
		if s.Passive != w.Passive || s.Memory != w.Memory || s.Const != w.Const || s.Wide != w.Wide || (s.Const && s.Offset != w.Offset) || !bytes.Equal(s.Data, w.Data) {
			t.Errorf("segment %d: %+v, want %+v", i, s, w)
		}
	}
}

func TestMergeJoinsRunsAndFillsSmallGapsWithZeros(t *testing.T) {
	other := []byte{}
	other = append(other, sec(SectionCustom, name("go:buildid"), []byte("id"))...)
	other = append(other, memories(1)...)
	in := mod(other, dataSec(
		at(0, "ab"),
		at(2, "cd"),   // adjacent
		at(10, "ef"),  // 6-byte gap
		at(100, "gh"), // 88-byte gap: a new run
		at(102, "ij"), // adjacent
		at(200, ""),   // empty, 96 bytes on
		at(300, "kl"),
	))
	out, st, err := Merge(in, 8)
	if err != nil {
		t.Fatal(err)
	}
	want := mod(other, dataSec(
		at(0, "abcd\x00\x00\x00\x00\x00\x00ef"),
		at(100, "ghij"),
		at(200, ""),
		at(300, "kl"),
	))
	if !bytes.Equal(out, want) {
		t.Fatalf("merged module\n got %x\nwant %x", out, want)
	}
	if st.Before != 7 || st.After != 4 || st.ZeroFill != 6 || st.Placeholders != 0 {
		t.Errorf("stats %+v", st)
	}
	sameImage(t, in, out)
}

func TestMergeNeverFillsAGapThatAnEarlierSegmentWrote(t *testing.T) {
	// Segment 0 writes byte 5; a later run 0..2, 8..10 must not zero it.
	in := mod(memories(1), dataSec(at(5, "X"), at(0, "ab"), at(8, "cd")))
	out, st, err := Merge(in, 32)
	if err != nil {
		t.Fatal(err)
	}
	if st.After != 3 {
		t.Errorf("merged across a gap an earlier segment wrote: %+v", st)
	}
	sameImage(t, in, out)

	// A later segment writing into the gap overwrites the zeros anyway.
	in = mod(memories(1), dataSec(at(0, "ab"), at(8, "cd"), at(5, "X")))
	out, st, err = Merge(in, 32)
	if err != nil {
		t.Fatal(err)
	}
	if st.After != 2 {
		t.Errorf("did not merge a gap only a later segment writes: %+v", st)
	}
	sameImage(t, in, out)
	if img := image(t, out)[0]; string(img) != "ab\x00\x00\x00X\x00\x00cd" {
		t.Errorf("image %q", img)
	}
}

func TestMergeOnlyJoinsAdjacentSegmentsAfterAnUnknownOffset(t *testing.T) {
	global := []byte{0x23, 0x00, 0x0B} // global.get 0: could be anywhere
	in := mod(memories(1), dataSec(active(0, global, "g"), at(0, "ab"), at(2, "cd"), at(8, "ef")))
	out, st, err := Merge(in, 32)
	if err != nil {
		t.Fatal(err)
	}
	want := mod(memories(1), dataSec(active(0, global, "g"), at(0, "abcd"), at(8, "ef")))
	if !bytes.Equal(out, want) {
		t.Fatalf("got %x\nwant %x (stats %+v)", out, want, st)
	}
}

func TestMergeLeavesImportedMemoriesAlone(t *testing.T) {
	// An imported memory's initial bytes are unknown: even adjacent segments
	// on it stay as they are. Memory 1 is the module's own.
	in := mod(importMemory(), memories(1), dataSec(at(0, "ab"), at(2, "cd"), active(1, i32(0), "ef"), active(1, i32(4), "gh")))
	out, st, err := Merge(in, 32)
	if err != nil {
		t.Fatal(err)
	}
	want := mod(importMemory(), memories(1), dataSec(at(0, "ab"), at(2, "cd"), active(1, i32(0), "ef\x00\x00gh")))
	if !bytes.Equal(out, want) {
		t.Fatalf("got %x\nwant %x (stats %+v)", out, want, st)
	}
}

func TestMergeKeepsPassiveSegmentsAndRuns(t *testing.T) {
	// Without a DataCount section no code can name a segment, so merged
	// segments are renumbered; passive segments stay, in order, and end runs.
	in := mod(memories(1), dataSec(at(0, "a"), at(1, "b"), passive("p"), at(2, "c"), at(3, "d")))
	out, _, err := Merge(in, 32)
	if err != nil {
		t.Fatal(err)
	}
	want := mod(memories(1), dataSec(at(0, "ab"), passive("p"), at(2, "cd")))
	if !bytes.Equal(out, want) {
		t.Fatalf("got %x\nwant %x", out, want)
	}
}

func TestMergeKeepsSegmentIndicesWhenCodeOrNamesMayUseThem(t *testing.T) {
	segs := [][]byte{at(0, "a"), at(1, "b"), passive("p"), at(4, "c"), at(6, "d"), at(7, "e")}
	merged := [][]byte{at(0, "ab"), passive(""), passive("p"), at(4, "c\x00de"), passive(""), passive("")}
	for _, tc := range []struct {
		what  string
		extra []byte
	}{
		{"DataCount section", sec(SectionDataCount, appendU32(nil, uint32(len(segs))))},
		{"name section", sec(SectionCustom, name("name"), []byte{0x09, 0x00})},
	} {
		t.Run(tc.what, func(t *testing.T) {
			in := mod(memories(1), tc.extra, dataSec(segs...))
			out, st, err := Merge(in, 32)
			if err != nil {
				t.Fatal(err)
			}
			want := mod(memories(1), tc.extra, dataSec(merged...))
			if !bytes.Equal(out, want) {
				t.Fatalf("got %x\nwant %x", out, want)
			}
			if st.Before != 6 || st.After != 6 || st.Placeholders != 3 {
				t.Errorf("stats %+v", st)
			}
			sameImage(t, in, out)
		})
	}
}

func TestMergeReturnsTheModuleUnchangedWhenThereIsNothingToMerge(t *testing.T) {
	for name, tc := range map[string]struct {
		module []byte
		gap    int
	}{
		"no data section":       {mod(memories(1)), 32},
		"far apart":             {mod(memories(1), dataSec(at(0, "a"), at(100, "b"))), 32},
		"overlapping":           {mod(memories(1), dataSec(at(0, "abc"), at(1, "b"))), 32},
		"going down":            {mod(memories(1), dataSec(at(10, "a"), at(0, "b"))), 32},
		"negative gap disables": {mod(memories(1), dataSec(at(0, "a"), at(1, "b"))), -1},
		"different memories":    {mod(memories(1, 1), dataSec(at(0, "a"), active(1, i32(1), "b"))), 32},
		"i32 then i64":          {mod(memories(1), dataSec(at(0, "a"), active(0, i64(1), "b"))), 32},
		"past 4 GiB":            {mod(memories(1), dataSec(active(0, i32(-1), "ab"), active(0, i32(1), "c"))), 32},
	} {
		out, st, err := Merge(tc.module, tc.gap)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !bytes.Equal(out, tc.module) || st.Before != st.After {
			t.Errorf("%s: changed the module (%+v)", name, st)
		}
	}
}

func TestMergeIsIdempotent(t *testing.T) {
	in := mod(memories(1), dataSec(at(0, "a"), at(3, "b"), at(64, "c"), passive("p"), at(65, "d")))
	once, _, err := Merge(in, 4)
	if err != nil {
		t.Fatal(err)
	}
	twice, st, err := Merge(once, 4)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(once, twice) || st.Before != st.After {
		t.Fatalf("a second merge changed the module: %+v", st)
	}
}

// Random data sections: segments mostly going up with small gaps, some
// overlapping, going down or on a second memory; the image never changes.
func TestMergeKeepsTheImageOfRandomModules(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		var segs [][]byte
		off := int32(r.IntN(64))
		for range 1 + r.IntN(40) {
			data := make([]byte, r.IntN(6))
			for k := range data {
				data[k] = byte(1 + r.IntN(255))
			}
			switch r.IntN(10) {
			case 0:
				segs = append(segs, passive(string(data)))
				continue
			case 1:
				off = int32(r.IntN(200)) // anywhere, maybe over earlier ones
			case 2:
				segs = append(segs, active(1, i32(int32(r.IntN(100))), string(data)))
				continue
			}
			segs = append(segs, at(off, string(data)))
			off += int32(len(data) + r.IntN(12))
		}
		in := mod(memories(1, 1), dataSec(segs...))
		gap := r.IntN(10) - 1
		out, st, err := Merge(in, gap)
		if err != nil {
			t.Fatalf("module %d: %v", i, err)
		}
		sameImage(t, in, out)
		if st.After > st.Before {
			t.Fatalf("module %d: %+v", i, st)
		}
		if got := len(segments(t, out)); got != st.After {
			t.Fatalf("module %d: %d segments, stats say %d", i, got, st.After)
		}
	}
}

func TestParseRejectsBrokenModules(t *testing.T) {
	good := mod(memories(1), dataSec(at(0, "ab")))
	for name, tc := range map[string]struct {
		module []byte
		want   error
	}{
		"empty":                 {nil, ErrMalformed},
		"no magic":              {[]byte("\x00wasm\x01\x00\x00\x00"), ErrMalformed},
		"version 2":             {[]byte("\x00asm\x02\x00\x00\x00"), ErrUnsupported},
		"truncated section":     {good[:len(good)-1], ErrMalformed},
		"section size too long": {mod([]byte{SectionMemory, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}), ErrMalformed},
		"segment flags 3":       {mod(dataSec([]byte{0x03, 0x00})), ErrMalformed},
		"count past the end":    {mod(sec(SectionData, appendU32(nil, 5), at(0, "a"))), ErrMalformed},
		"bytes after segments":  {mod(sec(SectionData, appendU32(nil, 1), at(0, "a"), []byte{0x00})), ErrMalformed},
		"data past the end":     {mod(sec(SectionData, []byte{0x01, 0x00, 0x41, 0x00, 0x0B, 0x09, 'a'})), ErrMalformed},
		"i32 too large":         {mod(dataSec(active(0, []byte{0x41, 0x80, 0x80, 0x80, 0x80, 0x10, 0x0B}, "a"))), ErrMalformed},
		"i32 too long":          {mod(dataSec(active(0, []byte{0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0B}, "a"))), ErrMalformed},
		"unknown offset opcode": {mod(dataSec(active(0, []byte{0xD2, 0x00, 0x0B}, "a"))), ErrUnsupported},
		"unknown import kind":   {mod(sec(SectionImport, vec(append(append(name("a"), name("b")...), 0x09)))), ErrUnsupported},
		"truncated import":      {mod(sec(SectionImport, vec(append(name("a"), name("b")...)))), ErrMalformed},
	} {
		_, _, err := Merge(tc.module, 32)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: error %v, want %v", name, err, tc.want)
		}
	}
}

func TestLEB128(t *testing.T) {
	for _, v := range []int64{0, 1, -1, 63, 64, -64, -65, 1 << 31, -1 << 31, 1<<31 - 1, 1<<63 - 1, -1 << 63} {
		r := &reader{b: appendS64(nil, v)}
		if got := r.s64(); got != v || r.err != nil || r.i != len(r.b) {
			t.Errorf("s64 %d: read %d (%v)", v, got, r.err)
		}
	}
	for _, v := range []int32{0, -1, 1<<31 - 1, -1 << 31} {
		r := &reader{b: appendS64(nil, int64(v))}
		if got := r.s32(); got != v || r.err != nil {
			t.Errorf("s32 %d: read %d (%v)", v, got, r.err)
		}
	}
	for _, v := range []uint32{0, 127, 128, 1<<32 - 1} {
		r := &reader{b: appendU32(nil, v)}
		if got := r.u32(); got != v || r.err != nil {
			t.Errorf("u32 %d: read %d (%v)", v, got, r.err)
		}
	}
	// Padded encodings are valid; out-of-range ones are not.
	for _, tc := range []struct {
		b    []byte
		s32  bool
		want int64
		ok   bool
	}{
		{[]byte{0x80, 0x80, 0x80, 0x80, 0x00}, false, 0, true},         // u32 0, padded
		{[]byte{0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, false, 1<<32 - 1, true}, // u32 max
		{[]byte{0xFF, 0xFF, 0xFF, 0xFF, 0x1F}, false, 0, false},        // u32 33 bits
		{[]byte{0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, true, -1, true},         // s32 -1, padded
		{[]byte{0x80, 0x80, 0x80, 0x80, 0x78}, true, -1 << 31, true},   // s32 min
		{[]byte{0xFF, 0xFF, 0xFF, 0xFF, 0x07}, true, 1<<31 - 1, true},  // s32 max
		{[]byte{0x80, 0x80, 0x80, 0x80, 0x08}, true, 0, false},         // s32 2^31
		{[]byte{0xFF, 0xFF, 0xFF, 0xFF, 0x77}, true, 0, false},         // s32 below min
	} {
		r := &reader{b: tc.b}
		var got int64
		if tc.s32 {
			got = int64(r.s32())
		} else {
			got = int64(r.u32())
		}
		if (r.err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("% x: got %d, %v; want %d, ok %v", tc.b, got, r.err, tc.want, tc.ok)
		}
	}
}

func FuzzMerge(f *testing.F) {
	f.Add(mod(memories(1), dataSec(at(0, "ab"), at(4, "cd"), passive("p"), at(5, "X"))), 8)
	f.Add(mod(importMemory(), memories(1), dataSec(at(0, "a"), active(1, i32(3), "b"), active(1, i32(5), "c"))), 32)
	f.Fuzz(func(t *testing.T, module []byte, gap int) {
		out, _, err := Merge(module, gap%64)
		if err != nil {
			return
		}
		m, err := Parse(out)
		if err != nil {
			t.Fatalf("the merged module does not parse: %v", err)
		}
		if m.section(SectionData) != nil {
			sameImageFuzz(t, module, out)
		}
	})
}

// sameImageFuzz compares images only when every constant segment is small
// enough to simulate (fuzzed offsets can name gigabytes).
func sameImageFuzz(t *testing.T, before, after []byte) {
	for _, s := range segments(t, before) {
		if !s.Passive && s.Const && s.Offset+uint64(len(s.Data)) > 1<<20 {
			return
		}
	}
	sameImage(t, before, after)
}
