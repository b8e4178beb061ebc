package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"text/tabwriter"
	"time"
)

// Row is one line of a results table.
type Row struct {
	ID       string   `json:"id"` // stable across runs, for comparing them: "calls.cheap.p50"
	Section  string   `json:"section"`
	Metric   string   `json:"metric"`
	Unit     string   `json:"unit"`
	Ours     *float64 `json:"ours,omitempty"`
	Official *float64 `json:"official,omitempty"`
	// Floor is plain fetch + JSON.parse of the same request, in the same
	// run: what no SDK can beat. Rows with a floor compare ours with it.
	Floor  *float64 `json:"floor,omitempty"`
	Ratio  *float64 `json:"ratio,omitempty"` // ours / official, or ours / floor
	Target string   `json:"target,omitempty"`
	Met    *bool    `json:"met,omitempty"` // nil when the target could not be judged
	Spread string   `json:"spread,omitempty"`
	Note   string   `json:"note,omitempty"`
}

// Rows is a table's lines.
type Rows []Row

// add appends a row. Its ratio is ours / official (or ours / floor) when
// both are there and no ratio was given; with maxRatio > 0 the row's target
// is ratio ≤ maxRatio, met or not.
func (rs *Rows) add(row Row, maxRatio float64) {
	base := row.Official
	if row.Floor != nil {
		base = row.Floor
	}
	if row.Ours != nil && base != nil && *base != 0 && row.Ratio == nil {
		row.Ratio = num(*row.Ours / *base)
	}
	if maxRatio > 0 {
		if row.Target == "" {
			vs := "official"
			if row.Floor != nil {
				vs = "fetch"
			}
			row.Target = fmt.Sprintf("≤ %s× %s", trimFloat(maxRatio), vs)
		}
		if row.Ratio != nil && row.Met == nil {
			met := *row.Ratio <= maxRatio
			row.Met = &met
		}
	}
	*rs = append(*rs, row)
}

// Table is every browser figure at one CPU rate.
type Table struct {
	// CPU is the rate given to Emulation.setCPUThrottlingRate on every tab:
	// 1 is the machine as it is, 4 a CPU four times slower (Lighthouse's
	// mid-range phone).
	CPU  float64 `json:"cpuThrottling"`
	Rows Rows    `json:"rows"`
}

// Report is everything one run measured.
type Report struct {
	When     time.Time `json:"when"`
	Machine  string    `json:"machine"`
	Chromium string    `json:"chromium,omitempty"`
	// Profiled runs measure with Chromium's profiler on: their times carry
	// its overhead and are for finding where time goes, not for quoting.
	Profiled bool     `json:"profiled,omitempty"`
	Bundle   Rows     `json:"bundle,omitempty"` // sizes do not depend on the CPU
	Tables   []*Table `json:"tables,omitempty"`
	Sandbox  Rows     `json:"sandbox,omitempty"` // the sandbox alone, natively
	Errors   []string `json:"errors,omitempty"`
}

func num(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

func trimFloat(v float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
}

func (r *Report) fail(section string, err error) {
	msg := section + ": " + err.Error()
	fmt.Fprintln(os.Stderr, "bench:", msg)
	r.Errors = append(r.Errors, msg)
}

// print writes every table.
func (r *Report) print(w io.Writer) {
	fmt.Fprintf(w, "integry-wasm bench, %s, %s", r.When.Format(time.RFC3339), r.Machine)
	if r.Chromium != "" {
		fmt.Fprintf(w, ", %s", r.Chromium)
	}
	fmt.Fprintln(w)
	if r.Profiled {
		fmt.Fprintln(w, "PROFILED RUN: times include the profiler's overhead; do not quote them.")
	}
	if len(r.Bundle) > 0 {
		fmt.Fprintln(w, "\nBundle (the same at any CPU rate)")
		r.Bundle.print(w)
	}
	for _, t := range r.Tables {
		if t.CPU == 1 {
			fmt.Fprintln(w, "\nCPU ×1: Chromium as the machine runs it")
		} else {
			fmt.Fprintf(w, "\nCPU ×%s: Emulation.setCPUThrottlingRate(%s) on every tab\n", trimFloat(t.CPU), trimFloat(t.CPU))
		}
		t.Rows.print(w)
	}
	if len(r.Sandbox) > 0 {
		fmt.Fprintln(w, "\nSandbox alone (Go clients on loopback, no browser)")
		r.Sandbox.print(w)
	}
	for _, e := range r.Errors {
		fmt.Fprintln(w, "error:", e)
	}
}

func (rs Rows) print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "section\tmetric\tours\tofficial\tratio\ttarget\tIQR ours / other\tnote")
	met, judged := 0, 0
	for _, row := range rs {
		target := row.Target
		switch {
		case row.Met != nil && *row.Met:
			target += " ✓"
			met++
			judged++
		case row.Met != nil:
			target += " ✗"
			judged++
		case target != "":
			target += " ?"
		}
		unit := ""
		if row.Unit != "" {
			unit = " (" + row.Unit + ")"
		}
		other := fnum(row.Official)
		if row.Floor != nil {
			other = fnum(row.Floor) + " fetch"
		}
		fmt.Fprintf(tw, "%s\t%s%s\t%s\t%s\t%s\t%s\t%s\t%s\n", row.Section, row.Metric, unit,
			fnum(row.Ours), other, fnum(row.Ratio), target, row.Spread, row.Note)
	}
	tw.Flush()
	if judged > 0 {
		fmt.Fprintf(w, "targets met: %d of %d judged\n", met, judged)
	}
}

func fnum(v *float64) string {
	if v == nil {
		return "–"
	}
	switch a := math.Abs(*v); {
	case a >= 100:
		return fmt.Sprintf("%.0f", *v)
	case a >= 10:
		return fmt.Sprintf("%.1f", *v)
	default:
		return fmt.Sprintf("%.2f", *v)
	}
}
