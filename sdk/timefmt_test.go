package sdk

import (
	"regexp"
	"testing"
	"time"
)

var isoSeeds = []string{
	"2024-11-10T23:28:58Z", "2024-11-10T23:28:58.5Z", "2024-11-10T23:28:58.123456789Z",
	"2024-11-10T23:28:58+02:00", "2024-11-10T23:28:58-05:30", "2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z",
	"2024-13-01T00:00:00Z", "2024-11-10 23:28:58Z", "2024-11-10T23:28:58", "2024-11-10T24:00:00Z",
	"2024-11-10T23:28:58.Z", "2024-11-10T23:28:58.1234567891Z", "", "yesterday", "2024-11-10T23:28:58+2:00",
}

// The hand-written RFC 3339 reader agrees with time.Parse on what it
// accepts, and on the instant.
func TestParseISOTimeAgreesWithTime(t *testing.T) {
	for _, s := range isoSeeds {
		checkISO(t, s)
	}
}

func FuzzParseISOTime(f *testing.F) {
	for _, s := range isoSeeds {
		f.Add(s)
	}
	f.Fuzz(checkISO)
}

// strictISO is RFC 3339's own grammar (time.Parse is more lenient: a one
// digit hour, say). Within it the two must agree; outside it, ours refuses.
var strictISO = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$`)

func checkISO(t *testing.T, s string) {
	got, ok := parseISOTime(s)
	want, err := time.Parse(time.RFC3339, s)
	if ok && err != nil || !ok && err == nil && strictISO.MatchString(s) {
		t.Fatalf("parseISOTime(%q) ok = %v, time.Parse err = %v", s, ok, err)
	}
	if ok && !got.Equal(want) {
		t.Fatalf("parseISOTime(%q) = %v, time.Parse %v", s, got, want)
	}
	if ok {
		if back := string(appendISOTime(nil, got)); back != want.UTC().Format(time.RFC3339Nano) {
			t.Fatalf("appendISOTime(%v) = %s, time %s", got, back, want.UTC().Format(time.RFC3339Nano))
		}
	}
}

func TestParseHTTPDate(t *testing.T) {
	for _, s := range []string{"Sun, 06 Nov 1994 08:49:37 GMT", "Thu, 29 Feb 2024 23:59:59 GMT"} {
		got, ok := parseHTTPDate(s)
		want, err := time.Parse(time.RFC1123, s)
		if !ok || err != nil || !got.Equal(want) {
			t.Errorf("parseHTTPDate(%q) = %v, %v; time %v, %v", s, got, ok, want, err)
		}
	}
	for _, s := range []string{"", "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 31 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT"} {
		if _, ok := parseHTTPDate(s); ok {
			t.Errorf("parseHTTPDate(%q) must fail", s)
		}
	}
}
