package wasmdata

import "slices"

// DefaultMaxGap is the gap Merge fills by default. Runs of zeros compress
// to almost nothing; on the SDK the compressed sizes stop improving at about
// 48 bytes, and larger gaps gain nothing measurable (docs/bundle.md).
const DefaultMaxGap = 64

// Stats describe what Merge did.
type Stats struct {
	// Before and After are the numbers of data segments, placeholders
	// included.
	Before, After int
	// Placeholders is the number of empty passive segments left in place
	// of absorbed ones, to keep segment indices (see the package doc).
	Placeholders int
	// ZeroFill is the number of zero bytes written into gaps.
	ZeroFill int
	// DataBefore and DataAfter are the sizes of the data section's contents.
	DataBefore, DataAfter int
}

// Merge returns module with runs of consecutive active data segments joined
// into one segment each, wherever the gap between two neighbours is at most
// maxGap bytes (0 joins only adjacent segments; negative merges nothing).
// The package doc says when a gap may be filled and how indices are kept.
// Every section but the data section is copied unchanged; a module without
// anything to merge is returned as it is.
func Merge(module []byte, maxGap int) ([]byte, Stats, error) {
	m, err := Parse(module)
	if err != nil {
		return nil, Stats{}, err
	}
	data := m.section(SectionData)
	if data == nil {
		return module, Stats{}, nil
	}
	segs, err := ParseData(data.Contents)
	if err != nil {
		return nil, Stats{}, err
	}
	st := Stats{Before: len(segs), DataBefore: len(data.Contents)}
	keepIndices := m.section(SectionDataCount) != nil || slices.ContainsFunc(m.Sections, func(s Section) bool { return s.Name() == "name" })
	mergeable := func(s Segment) bool { return !s.Passive && s.Const && s.Memory >= m.ImportedMemories }
	written := map[uint32]*cover{} // per memory, what the segments before i write

	var out []byte
	var count uint32
	for i := 0; i < len(segs); {
		s := segs[i]
		j, end := i+1, uint64(0)
		if e, ok := s.end(); ok && mergeable(s) && maxGap >= 0 {
			end = e
			w := written[s.Memory]
			for ; j < len(segs); j++ {
				n := segs[j]
				ne, ok := n.end()
				if !ok || !mergeable(n) || n.Memory != s.Memory || n.Wide != s.Wide || n.Offset < end || ne-s.Offset > 1<<32-1 {
					break
				}
				if gap := n.Offset - end; gap > 0 && (gap > uint64(maxGap) || w.writes(end, n.Offset)) {
					break
				}
				st.ZeroFill += int(n.Offset - end)
				end = ne
			}
		}
		for _, x := range segs[i:j] {
			if !x.Passive {
				if written[x.Memory] == nil {
					written[x.Memory] = &cover{}
				}
				written[x.Memory].add(x)
			}
		}
		count++
		if j == i+1 {
			out = append(out, s.Raw...)
			i++
			continue
		}
		out = appendMerged(out, segs[i:j], end)
		if keepIndices {
			for range j - i - 1 {
				out = append(out, 0x01, 0x00) // passive, no bytes
				count++
				st.Placeholders++
			}
		}
		i = j
	}
	st.After = int(count)
	if st.After == st.Before && st.Placeholders == 0 {
		st.DataAfter = st.DataBefore
		return module, st, nil
	}
	contents := appendU32(nil, count)
	contents = append(contents, out...)
	st.DataAfter = len(contents)

	res := make([]byte, 0, len(module)-len(data.Raw)+len(contents)+6)
	res = append(res, header...)
	for _, sec := range m.Sections {
		if sec.ID != SectionData {
			res = append(res, sec.Raw...)
			continue
		}
		res = append(res, SectionData)
		res = appendU32(res, uint32(len(contents)))
		res = append(res, contents...)
	}
	return res, st, nil
}

// cover is the set of addresses of one memory that data segments write,
// as sorted, disjoint, non-touching intervals [start, end).
type cover struct {
	start, end []uint64
	// unknown is set once a segment with a non-constant offset was added:
	// it may have written anywhere.
	unknown bool
}

// add records what an active segment writes.
func (c *cover) add(s Segment) {
	e, ok := s.end()
	if !s.Const || !ok {
		c.unknown = true
		return
	}
	if e == s.Offset {
		return
	}
	lo, hi := s.Offset, e
	// Intervals that overlap or touch [lo, hi) are i..j-1.
	i, _ := slices.BinarySearch(c.end, lo)
	j := i
	for j < len(c.start) && c.start[j] <= hi {
		lo, hi = min(lo, c.start[j]), max(hi, c.end[j])
		j++
	}
	c.start = slices.Replace(c.start, i, j, lo)
	c.end = slices.Replace(c.end, i, j, hi)
}

// writes reports whether anything recorded may have written an address in
// [lo, hi). A nil cover has recorded nothing.
func (c *cover) writes(lo, hi uint64) bool {
	if c == nil {
		return false
	}
	if c.unknown {
		return true
	}
	i, _ := slices.BinarySearch(c.end, lo+1) // the first interval ending after lo
	return i < len(c.start) && c.start[i] < hi
}

// appendMerged appends one active segment that writes run's bytes, with
// zeros in the gaps, from run[0].Offset to end.
func appendMerged(b []byte, run []Segment, end uint64) []byte {
	first := run[0]
	if first.Memory == 0 {
		b = append(b, 0x00)
	} else {
		b = append(b, 0x02)
		b = appendU32(b, first.Memory)
	}
	if first.Wide {
		b = append(b, 0x42)
		b = appendS64(b, int64(first.Offset))
	} else {
		b = append(b, 0x41)
		b = appendS64(b, int64(int32(uint32(first.Offset))))
	}
	b = append(b, 0x0B)
	b = appendU32(b, uint32(end-first.Offset))
	at := first.Offset
	for _, s := range run {
		b = append(b, make([]byte, s.Offset-at)...)
		b = append(b, s.Data...)
		at = s.Offset + uint64(len(s.Data))
	}
	return b
}
