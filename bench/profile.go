package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/chromedp/cdproto/profiler"
)

// With -cpuprofile DIR the bench records Chromium's sampling profiler
// (the DevTools protocol's Profiler domain: enable, setSamplingInterval,
// start, stop) around each measured section, in every tab the section
// measures, and writes DIR/<section>-<sdk>-<cpu>x.cpuprofile: the
// protocol's Profile object as it is, which Chrome DevTools opens
// (Performance panel, "Load profile") and speedscope reads. After each one
// it prints the functions with the most self time; DIR/summary.txt keeps
// them all. bench/results/README.md explains how to read them.

func (b *bench) profiling() bool { return b.o.profDir != "" }

// startProfiles starts the profiler in each tab when -cpuprofile is set.
// The func it returns stops them and writes and summarises each profile.
func (b *bench) startProfiles(section string, tabs ...*tab) (func() error, error) {
	if !b.profiling() {
		return func() error { return nil }, nil
	}
	for _, t := range tabs {
		if err := t.startProfile(b.o.profInterval); err != nil {
			return nil, fmt.Errorf("starting the profiler (%s, %s): %w", section, t.sdk.Name, err)
		}
	}
	return func() error {
		for _, t := range tabs {
			p, err := t.stopProfile()
			if err != nil {
				return fmt.Errorf("stopping the profiler (%s, %s): %w", section, t.sdk.Name, err)
			}
			name := fmt.Sprintf("%s-%s-%sx.cpuprofile", section, t.sdk.Name, trimFloat(t.cpu))
			if err := writeProfile(filepath.Join(b.o.profDir, name), p); err != nil {
				return err
			}
			var sb strings.Builder
			summarize(&sb, name, p, b.o.profTop)
			fmt.Print(sb.String())
			b.summaries = append(b.summaries, sb.String())
		}
		return nil
	}, nil
}

// profiled runs f with the profiler on in tabs (when -cpuprofile is set).
func (b *bench) profiled(section string, f func() error, tabs ...*tab) error {
	stop, err := b.startProfiles(section, tabs...)
	if err != nil {
		return err
	}
	if err := f(); err != nil {
		stop()
		return err
	}
	return stop()
}

func writeProfile(file string, p *profiler.Profile) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return os.WriteFile(file, b, 0o644)
}

// funcStat is the self time of one function (all its nodes in the call
// tree: the same function called from different places is one line).
type funcStat struct {
	name, where, kind string
	micros            int64
}

// Special nodes V8 reports: (idle) is the thread waiting, (program) native
// work outside any JavaScript or wasm (parsing, compiling, layout, style,
// the event loop), (garbage collector) V8's GC; (root) has no samples.
var specialNodes = map[string]bool{"(idle)": true, "(program)": true, "(garbage collector)": true, "(root)": true}

// summarize writes the busy time of a profile by kind and its top
// functions by self time, with their share of the busy time (sampled time
// minus idle). A sample's time is the gap to the next sample, as DevTools
// counts it.
func summarize(w io.Writer, name string, p *profiler.Profile, top int) {
	byID := map[int64]*profiler.ProfileNode{}
	for _, n := range p.Nodes {
		byID[n.ID] = n
	}
	self := map[int64]int64{} // node → µs
	t := p.StartTime
	for i, id := range p.Samples {
		if i < len(p.TimeDeltas) {
			t += float64(p.TimeDeltas[i])
		}
		next := p.EndTime
		if i+1 < len(p.TimeDeltas) {
			next = t + float64(p.TimeDeltas[i+1])
		}
		if d := next - t; d > 0 {
			self[id] += int64(d)
		}
	}
	stats := map[string]*funcStat{}
	var total, idle int64
	kinds := map[string]int64{}
	for id, us := range self {
		n := byID[id]
		if n == nil || n.CallFrame == nil {
			continue
		}
		total += us
		cf := n.CallFrame
		fn := cf.FunctionName
		if fn == "(idle)" {
			idle += us
			continue
		}
		kind, where := "native", ""
		switch {
		case specialNodes[fn]:
			kind = fn
		case strings.HasPrefix(cf.URL, "wasm://") || strings.HasSuffix(cf.URL, ".wasm"):
			kind = "wasm" // where: the byte offset in the module, not worth printing
		case strings.HasSuffix(cf.URL, "/wasm_exec.js"):
			kind = "glue" // Go's JS half of syscall/js: every crossing shows here
			where = fmt.Sprintf("%s:%d", path.Base(cf.URL), cf.LineNumber+1)
		case cf.URL != "":
			kind = "js"
			where = fmt.Sprintf("%s:%d", path.Base(cf.URL), cf.LineNumber+1)
		}
		if fn == "" {
			fn = "(anonymous)"
		}
		kinds[kind] += us
		key := kind + "\x00" + fn + "\x00" + where
		s := stats[key]
		if s == nil {
			s = &funcStat{name: fn, where: where, kind: kind}
			stats[key] = s
		}
		s.micros += us
	}
	busy := total - idle
	pct := func(us int64) string {
		if busy <= 0 {
			return "–"
		}
		return fmt.Sprintf("%.1f%%", 100*float64(us)/float64(busy))
	}
	fmt.Fprintf(w, "\nprofile %s: %.0f ms sampled, %.0f ms busy: wasm %s, glue %s, JS %s, native %s, GC %s, program %s\n",
		name, float64(total)/1000, float64(busy)/1000,
		pct(kinds["wasm"]), pct(kinds["glue"]), pct(kinds["js"]), pct(kinds["native"]), pct(kinds["(garbage collector)"]), pct(kinds["(program)"]))
	list := make([]*funcStat, 0, len(stats))
	for _, s := range stats {
		list = append(list, s)
	}
	slices.SortFunc(list, func(a, b *funcStat) int {
		if a.micros != b.micros {
			return int(b.micros - a.micros)
		}
		return strings.Compare(a.name, b.name)
	})
	fmt.Fprintf(w, "  %9s %6s  %-6s  %s\n", "self ms", "share", "kind", "function")
	for _, s := range list[:min(top, len(list))] {
		label := s.name
		if s.where != "" {
			label += "  (" + s.where + ")"
		}
		fmt.Fprintf(w, "  %9.1f %6s  %-6s  %s\n", float64(s.micros)/1000, pct(s.micros), strings.Trim(s.kind, "()"), label)
	}
}
