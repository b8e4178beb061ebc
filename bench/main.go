// Command bench measures integry-wasm against the official @integry/sdk
// 4.9.37: bundle size, time to ready, call latency, concurrency, growth and
// the sandbox's own throughput. `make bench` runs it against an in-process
// sandbox and headless Chromium, prints one table and writes the figures as
// JSON under bench/results/.
//
// Figures are medians over repeated runs with their spread (interquartile
// range); comparisons are ratios measured in the same run. Nothing here is a
// test: a missed target is reported, not failed.
//
//	go run ./bench -runs 20 -calls 500
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"
)

// Row is one line of the results table.
type Row struct {
	Section  string   `json:"section"`
	Metric   string   `json:"metric"`
	Unit     string   `json:"unit"`
	Ours     *float64 `json:"ours,omitempty"`
	Official *float64 `json:"official,omitempty"`
	Spread   string   `json:"spread,omitempty"` // ours / official IQR
	Ratio    *float64 `json:"ratio,omitempty"`  // ours / official (or / the named baseline)
	Target   string   `json:"target,omitempty"`
	Met      *bool    `json:"met,omitempty"`
	Note     string   `json:"note,omitempty"`
}

// Report is everything one run measured.
type Report struct {
	When    time.Time `json:"when"`
	Machine string    `json:"machine"`
	Rows    []Row     `json:"rows"`
	Errors  []string  `json:"errors,omitempty"`
}

func num(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// add appends a row; ratio and target check are computed when both sides exist.
func (r *Report) add(row Row, maxRatio float64) {
	if row.Ours != nil && row.Official != nil && *row.Official != 0 && row.Ratio == nil {
		row.Ratio = num(*row.Ours / *row.Official)
	}
	if maxRatio > 0 && row.Ratio != nil {
		met := *row.Ratio <= maxRatio
		row.Met = &met
		if row.Target == "" {
			row.Target = fmt.Sprintf("ratio ≤ %.2g", maxRatio)
		}
	}
	r.Rows = append(r.Rows, row)
}

func (r *Report) fail(section string, err error) {
	msg := section + ": " + err.Error()
	fmt.Fprintln(os.Stderr, "bench:", msg)
	r.Errors = append(r.Errors, msg)
}

// print writes the table.
func (r *Report) print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "section\tmetric\tours\tofficial\tratio\ttarget\tspread (IQR)\tnote")
	f := func(v *float64) string {
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
	for _, row := range r.Rows {
		target := row.Target
		if row.Met != nil {
			if *row.Met {
				target += " ✓"
			} else {
				target += " ✗"
			}
		}
		unit := ""
		if row.Unit != "" {
			unit = " (" + row.Unit + ")"
		}
		fmt.Fprintf(tw, "%s\t%s%s\t%s\t%s\t%s\t%s\t%s\t%s\n", row.Section, row.Metric, unit,
			f(row.Ours), f(row.Official), f(row.Ratio), target, row.Spread, row.Note)
	}
	tw.Flush()
	for _, e := range r.Errors {
		fmt.Fprintln(w, "error:", e)
	}
}

func main() {
	var o options
	flag.IntVar(&o.runs, "runs", 20, "page loads per SDK for time to ready")
	flag.IntVar(&o.calls, "calls", 500, "sequential calls per SDK for latency")
	flag.IntVar(&o.concurrent, "concurrent", 1000, "concurrent calls from one page")
	flag.IntVar(&o.persons, "persons", 10000, "persons to page through")
	flag.DurationVar(&o.loadFor, "load-for", 3*time.Second, "how long each sandbox load level runs")
	flag.StringVar(&o.dist, "dist", "web/dist", "our built bundle")
	flag.StringVar(&o.officialUMD, "official", "web/node_modules/@integry/sdk/dist/umd/index.umd.js", "the official UMD bundle")
	flag.StringVar(&o.out, "out", "bench/results", "folder for the JSON results")
	flag.StringVar(&o.only, "only", "", "comma-separated sections to run (size,ready,calls,concurrency,growth,sandbox); empty runs all")
	flag.Parse()

	rep := &Report{When: time.Now().UTC(), Machine: machine()}
	run(&o, rep)
	rep.print(os.Stdout)
	if err := os.MkdirAll(o.out, 0o755); err == nil {
		b, _ := json.MarshalIndent(rep, "", "  ")
		path := filepath.Join(o.out, "latest.json")
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err == nil {
			fmt.Println("\nwritten:", path)
		}
	}
	if len(rep.Errors) > 0 {
		os.Exit(1)
	}
}

type options struct {
	runs, calls, concurrent, persons int
	loadFor                          time.Duration
	dist, officialUMD, out, only     string
}

func (o *options) want(section string) bool {
	if o.only == "" {
		return true
	}
	for _, s := range strings.Split(o.only, ",") {
		if strings.TrimSpace(s) == section {
			return true
		}
	}
	return false
}

func machine() string {
	host, _ := os.Hostname()
	cpu := "?"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "model name") {
				cpu = strings.TrimSpace(strings.SplitN(line, ":", 2)[1])
				break
			}
		}
	}
	return fmt.Sprintf("%s, %s", host, cpu)
}
