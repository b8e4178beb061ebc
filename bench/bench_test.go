package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/cdproto/runtime"
)

// uleb appends v as unsigned LEB128.
func uleb(b []byte, v int) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func section(id byte, payload []byte) []byte {
	return append(uleb([]byte{id}, len(payload)), payload...)
}

// testModule is a module with a code section of one body, a data section
// of segments and, when named, a name section after them: the layout of a
// Go build without -s.
func testModule(segments [][]byte, named bool) (module, data []byte) {
	code := uleb(nil, 1)
	code = uleb(code, 3)
	code = append(code, 0x00, 0x01, 0x0b) // no locals, nop, end
	data = uleb(nil, len(segments))
	for i, s := range segments {
		data = append(data, 0x00, 0x41) // active, memory 0, i32.const
		data = uleb(data, 1000*(i+1))
		data = append(data, 0x0b)
		data = uleb(data, len(s))
		data = append(data, s...)
	}
	m := []byte("\x00asm\x01\x00\x00\x00")
	m = append(m, section(10, code)...)
	m = append(m, section(11, data)...)
	if named {
		names := uleb(nil, 4)
		names = append(names, "name"...)
		sub := uleb(nil, 1)
		sub = uleb(sub, 0)
		sub = uleb(sub, len("main.main"))
		sub = append(sub, "main.main"...)
		names = append(names, 1)
		names = uleb(names, len(sub))
		names = append(names, sub...)
		names = append(names, bytes.Repeat([]byte{'n'}, 5000)...) // a big tail, as Go's is
		m = append(m, section(0, names)...)
	}
	return m, data
}

// The data figure is the data section's own bytes gzipped, whatever follows
// it in the file (the bug it replaces gzipped the file's tail).
func TestShippedSectionsMeasureTheDataSection(t *testing.T) {
	segs := [][]byte{[]byte("hello, "), bytes.Repeat([]byte("xy"), 300), {1, 2}}
	for _, named := range []bool{false, true} {
		m, data := testModule(segs, named)
		got, err := shippedSections(m)
		if err != nil {
			t.Fatal(err)
		}
		var d, name *SectionSize
		for i := range got {
			switch got[i].Section {
			case "data":
				d = &got[i]
			case "custom name":
				name = &got[i]
			}
		}
		if d == nil {
			t.Fatalf("named=%v: no data row in %+v", named, got)
		}
		if d.Raw != len(data) || d.Gzip != gzipLen(data) {
			t.Errorf("named=%v: data raw %d gzip %d, want %d and %d", named, d.Raw, d.Gzip, len(data), gzipLen(data))
		}
		if want := "3 segments: 609 bytes of data"; !strings.Contains(d.Note, want) {
			t.Errorf("data note %q, want it to say %q", d.Note, want)
		}
		if named != (name != nil) {
			t.Errorf("named=%v but name section row %+v", named, name)
		}
		if has, _ := keepsNames(m); has != named {
			t.Errorf("hasNameSection = %v, want %v", has, named)
		}
	}
}

func TestParseNamedAttributesCodeToPackages(t *testing.T) {
	m, _ := testModule(nil, true)
	parts, funcs, code, err := parseNamed(m)
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 1 || parts[0].Package != "main" || parts[0].Code != 3 {
		t.Errorf("parts %+v, want main with 3 bytes", parts)
	}
	if len(funcs) != 1 || funcs[0].Code != 3 || packageOf(funcs[0].Name) != "main" {
		t.Errorf("funcs %+v, want one main function of 3 bytes", funcs)
	}
	if code != 5 { // body count, body size, three bytes of body
		t.Errorf("code section %d bytes, want 5", code)
	}
}

func TestPackageOf(t *testing.T) {
	for fn, want := range map[string]string{
		"runtime.mallocgc": "runtime",
		"github.com_integry_go_integry_sdk.skipValue":       "github.com_integry_go_integry_sdk",
		"github.com_integry_go_integry_ui.__FormView_.Show": "github.com_integry_go_integry_ui",
		"": "(unnamed)",
	} {
		if got := packageOf(fn); got != want {
			t.Errorf("packageOf(%q) = %q, want %q", fn, got, want)
		}
	}
}

// A sample lasts until the next one (the last until the end), as DevTools
// counts it; idle time is left out of the shares.
func TestSummarizeCountsSelfTimeBetweenSamples(t *testing.T) {
	node := func(id int64, fn, url string, children ...int64) *profiler.ProfileNode {
		return &profiler.ProfileNode{ID: id, CallFrame: &runtime.CallFrame{FunctionName: fn, URL: url}, Children: children}
	}
	p := &profiler.Profile{
		Nodes: []*profiler.ProfileNode{
			node(1, "(root)", "", 2, 3, 5),
			node(2, "runtime.mallocgc", "http://x/ours/integry.wasm", 4),
			node(3, "(idle)", ""),
			node(4, "syscall/js.valueCall", "http://x/ours/wasm_exec.js"),
			node(5, "decode", ""),
		},
		StartTime: 0, EndTime: 10000,
		//          t=1000 2000  4000  7000  9000
		Samples:    []int64{2, 2, 4, 3, 5},
		TimeDeltas: []int64{1000, 1000, 2000, 3000, 2000},
	}
	var out strings.Builder
	summarize(&out, "x.cpuprofile", p, 10)
	got := out.String()
	// mallocgc: 1000+2000 µs; valueCall 3000; idle 2000; decode 1000 (to the end).
	for _, want := range []string{
		"9 ms sampled, 7 ms busy: wasm 42.9%, glue 42.9%",
		"3.0  42.9%  wasm    runtime.mallocgc\n",
		"3.0  42.9%  glue    syscall/js.valueCall  (wasm_exec.js:1)\n",
		"1.0  14.3%  native  decode\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "idle") {
		t.Errorf("idle listed as a function:\n%s", got)
	}
}

func TestRowsAddJudgesAgainstOfficialOrFloor(t *testing.T) {
	var rs Rows
	rs.add(Row{ID: "a", Ours: num(9), Official: num(10)}, 1.0)
	rs.add(Row{ID: "b", Ours: num(11), Floor: num(10)}, 1.05)
	rs.add(Row{ID: "c", Ours: num(11)}, 1.0) // no official: not judged
	if r := rs[0]; *r.Ratio != 0.9 || !*r.Met || r.Target != "≤ 1× official" {
		t.Errorf("a: %+v", r)
	}
	if r := rs[1]; *r.Ratio != 1.1 || *r.Met || r.Target != "≤ 1.05× fetch" {
		t.Errorf("b: ratio %v met %v target %q", *r.Ratio, *r.Met, r.Target)
	}
	if r := rs[2]; r.Ratio != nil || r.Met != nil || r.Target == "" {
		t.Errorf("c: %+v", r)
	}
}

// A tail quantile over runs is the median of each run's: one stall moves
// one run's p99, not the figure.
func TestQuantileOfRunsIgnoresOneStalledRun(t *testing.T) {
	var s Sample
	for run := range 5 {
		for i := range 100 {
			v := float64(i%10 + 1)
			if run == 2 && i >= 90 {
				v = 500 // a stall in one run
			}
			s = append(s, v)
		}
	}
	if got := s.Quantile(0.99); got != 500 {
		t.Errorf("the pooled p99 is %v, want the stall's 500", got)
	}
	if got := s.QuantileOfRuns(100, 0.99); got != 10 {
		t.Errorf("the median of the runs' p99s is %v, want 10", got)
	}
	if got := s[:50].QuantileOfRuns(100, 0.5); got != s[:50].Quantile(0.5) {
		t.Errorf("fewer values than a run: %v, want the plain quantile", got)
	}
}
