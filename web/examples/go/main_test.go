package main

import (
	"strings"
	"testing"

	"github.com/integry-go/integry/sandbox"
	"github.com/integry-go/integry/sandbox/sandboxtest"
)

// The quick start runs against a sandbox like the one `make demo` starts
// (sample data on) and prints what the README describes. Run twice, it finds
// Slack connected and posts again.
func TestQuickStart(t *testing.T) {
	sb := sandboxtest.New(t, sandboxtest.WithSampleData())
	var out strings.Builder
	if err := run(t.Context(), &out, sb.URL, "example-go", sb.AppKey, sb.AppSecret); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		"Berlin, the next 3 days: [",
		"Without a city: sdk: Could not call the function due to invalid input.",
		"city: This parameter is required",
		"Connected Slack through the sandbox's consent endpoint.",
		"Posted: network_code 200",
		// The sample's messages and the one just posted, five a page.
		"#general: 14 messages over 3 pages of 5",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the output lacks %q:\n%s", want, out.String())
		}
	}
	if sandbox.SampleGeneralHistory != 13 {
		t.Errorf("docs/sandbox.md quotes 13 sample messages in #general; the sandbox has %d", sandbox.SampleGeneralHistory)
	}

	out.Reset()
	if err := run(t.Context(), &out, sb.URL, "example-go", sb.AppKey, sb.AppSecret); err != nil {
		t.Fatalf("second run: %v\n%s", err, out.String())
	}
	if strings.Contains(out.String(), "Connected Slack") || !strings.Contains(out.String(), "15 messages") {
		t.Errorf("second run:\n%s", out.String())
	}
}
