// Command bench measures integry-wasm against the official @integry/sdk
// 4.9.37: bundle size, time to ready, call latency against the plain-fetch
// floor, concurrency, paging, memory, form and marketplace rendering, and
// the sandbox's own throughput. `make bench` runs it against an in-process
// sandbox and headless Chromium and prints the browser table twice: at the
// machine's speed and with Chromium's CPU throttled 4× over the DevTools
// protocol. It writes everything to bench/results/latest.json (and, with
// -save, to a copy named after the day). bench/results/README.md explains
// how to read the tables and the profiles of -cpuprofile.
//
// Figures are medians over repeated runs with their spread (interquartile
// range); comparisons are ratios measured in the same run, the two SDKs
// taking turns so that whatever else the machine does hits both alike.
// Nothing here is a test: a missed target is reported, never failed.
//
//	go run ./bench                            # everything, CPU ×1 and ×4
//	go run ./bench -only calls -calls 50 -cpu 1
//	go run ./bench -only forms -cpuprofile bin/profiles
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// sections are the parts -only selects, in the order they run.
var sections = []string{"size", "ready", "calls", "concurrency", "paging", "memory", "forms", "apps", "sandbox"}

// browserSections need Chromium and run once per CPU rate.
var browserSections = []string{"ready", "calls", "concurrency", "paging", "memory", "forms", "apps"}

type options struct {
	runs, calls, concurrent, persons, memCalls, warm int
	firstRuns                                        int
	firstDelay, loadFor                              time.Duration
	dist, officialUMD, out, only, cpus               string
	save                                             bool
	profDir                                          string
	profInterval, profTop                            int
	rates                                            []float64
}

func main() {
	var o options
	flag.IntVar(&o.runs, "runs", 20, "page loads per SDK for navigation → ready")
	flag.IntVar(&o.calls, "calls", 500, "sequential cheap calls per SDK")
	flag.IntVar(&o.concurrent, "concurrent", 1000, "concurrent calls from one page")
	flag.IntVar(&o.persons, "persons", 10000, "persons to page through")
	flag.IntVar(&o.memCalls, "memcalls", 10000, "calls before measuring memory")
	flag.IntVar(&o.warm, "warm", 5, "warm renders per form size, after the first")
	flag.IntVar(&o.firstRuns, "first-runs", 3, "fresh pages per SDK (and form size) for first renders")
	flag.DurationVar(&o.firstDelay, "first-delay", time.Second, "how long a fresh page sits after ready before its first showFunctionUI or showApps")
	flag.DurationVar(&o.loadFor, "load-for", 3*time.Second, "how long each sandbox load level runs")
	flag.StringVar(&o.dist, "dist", "web/dist", "our built bundle")
	flag.StringVar(&o.officialUMD, "official", "web/node_modules/@integry/sdk/dist/umd/index.umd.js", "the official UMD bundle")
	flag.StringVar(&o.out, "out", "bench/results", "folder for the JSON results")
	flag.StringVar(&o.only, "only", "", "comma-separated sections to run ("+strings.Join(sections, ",")+"; growth is paging,memory,forms); empty runs all")
	flag.StringVar(&o.cpus, "cpu", "1,4", "comma-separated CPU throttling rates; the browser sections run once per rate")
	flag.BoolVar(&o.save, "save", false, "also write the results as <out>/YYYY-MM-DD.json")
	flag.StringVar(&o.profDir, "cpuprofile", "", "record Chromium's CPU profile of each section into this folder (see bench/results/README.md)")
	flag.IntVar(&o.profInterval, "profile-interval", 100, "profiler sampling interval, microseconds")
	flag.IntVar(&o.profTop, "profile-top", 25, "functions listed per profile summary")
	flag.Parse()
	for _, s := range strings.Split(o.cpus, ",") {
		r, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || r < 1 {
			fmt.Fprintf(os.Stderr, "bench: -cpu %q: each rate is a number ≥ 1\n", o.cpus)
			os.Exit(2)
		}
		o.rates = append(o.rates, r)
	}
	for _, s := range strings.Split(o.only, ",") {
		if s = strings.TrimSpace(s); s != "" && s != "growth" && !contains(sections, s) {
			fmt.Fprintf(os.Stderr, "bench: -only %q: unknown section %q (have %s)\n", o.only, s, strings.Join(sections, ","))
			os.Exit(2)
		}
	}

	rep := &Report{When: time.Now().UTC(), Machine: machine(), Profiled: o.profDir != ""}
	summaries := run(&o, rep)
	fmt.Println()
	rep.print(os.Stdout)
	if o.profDir != "" && len(summaries) > 0 {
		file := filepath.Join(o.profDir, "summary.txt")
		if err := os.WriteFile(file, []byte(strings.Join(summaries, "")), 0o644); err == nil {
			fmt.Println("\nprofiles and their summaries:", o.profDir)
		}
	}
	if err := rep.write(&o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	if len(rep.Errors) > 0 { // something could not be measured (a missed target is not an error)
		os.Exit(1)
	}
}

// write saves the report as latest.json and, with -save, as the day's copy.
// A profiled run goes beside its profiles instead: its times are not for
// quoting.
func (r *Report) write(o *options) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	dir := o.out
	if r.Profiled {
		dir = o.profDir
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files := []string{filepath.Join(dir, "latest.json")}
	if o.save && !r.Profiled {
		files = append(files, filepath.Join(dir, r.When.Format("2006-01-02")+".json"))
	}
	for _, f := range files {
		if err := os.WriteFile(f, b, 0o644); err != nil {
			return err
		}
		fmt.Println("written:", f)
	}
	return nil
}

func (o *options) want(section string) bool {
	if o.only == "" {
		return true
	}
	for _, s := range strings.Split(o.only, ",") {
		s = strings.TrimSpace(s)
		if s == section || (s == "growth" && (section == "paging" || section == "memory" || section == "forms")) {
			return true
		}
	}
	return false
}

func (o *options) wantAny(list []string) bool {
	for _, s := range list {
		if o.want(s) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
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
	n := 0
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		n = strings.Count(string(b), "\nprocessor") + 1
	}
	return fmt.Sprintf("%s, %d × %s", host, n, cpu)
}
