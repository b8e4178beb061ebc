// Package wasmdata rewrites the data section of a WebAssembly module so that
// it holds fewer, larger segments, without changing what the module does.
//
// Go's linker writes the read-only data of a GOOS=js build, its
// function-lookup table above all, as tens of thousands of small active data
// segments, each with its own header (flags, an i32.const offset expression
// and a length). [Merge] joins runs of consecutive active segments whose
// gaps are at most a given number of bytes, filling each gap with zeros:
//
//	out, st, err := wasmdata.Merge(module, wasmdata.DefaultMaxGap)
//	// st.Before, st.After: the number of segments; st.ZeroFill: bytes added
//
// The memory image the data initialises stays exactly the same:
//
//   - Only active segments with a constant offset (i32.const or i64.const)
//     on a memory the module defines itself are merged. A defined memory
//     starts zeroed, so a zero gap writes what was already there. Segments on
//     an imported memory, passive segments and segments with any other
//     offset expression are copied unchanged.
//   - A run is consecutive in the section and goes strictly upwards in
//     memory, so moving a later segment's bytes into an earlier one's write
//     reorders nothing that overlaps.
//   - A gap is filled only if no segment before the run wrote into it, and
//     no earlier segment on that memory has a non-constant offset (it could
//     have written anywhere); otherwise only exactly adjacent segments are
//     joined. Segments after the run overwrite the zeros just as they would
//     have overwritten the untouched bytes.
//
// Segment indices: code can name data segments only through memory.init
// and data.drop, which a validator accepts only when the module has a
// DataCount section. Without one (Go's output), the merged segments are
// simply renumbered. With one, or with a "name" section (which may name
// segments), every absorbed segment is replaced by an empty passive segment,
// so every index keeps its meaning: an active segment is dropped once the
// module is instantiated and behaves from then on exactly like an empty one.
//
// Every section but the data section is copied byte for byte. The command
// in cmd/wasmdata runs the step on a file; `make wasm` runs it after
// `go build` (docs/bundle.md has the measurements).
package wasmdata
