package main

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestAllowedHostFlagAndEnvironment(t *testing.T) {
	c, err := parse([]string{"-allowed-host", "dev.test", "-allowed-host", "a.test,b.test"},
		env(map[string]string{"INTEGRY_SANDBOX_ALLOWED_HOST": "ignored.test"}), io.Discard)
	if err != nil || !slices.Equal(c.opts.AllowedHosts, []string{"dev.test", "a.test", "b.test"}) {
		t.Fatalf("flags: %v %v", c, err)
	}
	c, err = parse(nil, env(map[string]string{"INTEGRY_SANDBOX_ALLOWED_HOST": "c.test, d.test"}), io.Discard)
	if err != nil || !slices.Equal(c.opts.AllowedHosts, []string{"c.test", "d.test"}) {
		t.Fatalf("environment: %v %v", c, err)
	}
	if err := run([]string{"-memory", "-addr", "127.0.0.1:0", "-allowed-host", "http://dev.test"}, env(nil), io.Discard, io.Discard, nil); err == nil ||
		!strings.Contains(err.Error(), "host name") {
		t.Fatalf("a URL as -allowed-host: %v", err)
	}
}

// hostGet makes a GET with a chosen Host header.
func hostGet(t *testing.T, url, host string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Host = host
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestRunAnswersOnlyItsHostNames(t *testing.T) {
	base, _, logs, stop := start(t, "-memory", "-allowed-host", "dev.test")
	port := base[strings.LastIndex(base, ":")+1:]
	if status, body := hostGet(t, base+"/_sandbox/session?user_id=victim", "evil.example:"+port); status != 403 ||
		!strings.Contains(body, "-allowed-host evil.example") || strings.Contains(body, "hash") {
		t.Fatalf("a rebound name: %d %s", status, body)
	}
	for _, host := range []string{"dev.test:" + port, "localhost:" + port, "127.0.0.1:" + port} {
		if status, body := hostGet(t, base+"/_sandbox/session?user_id=victim", host); status != 200 {
			t.Errorf("Host %s: %d %s", host, status, body)
		}
	}
	stop()
	if strings.Contains(logs.String(), "warning") {
		t.Fatalf("a loopback address needs no warning:\n%s", logs)
	}
}

func TestANonLoopbackAddressWarns(t *testing.T) {
	base, _, logs, stop := start(t, "-memory", "-addr", "0.0.0.0:0")
	// The sandbox reaches its own providers there, so that name works.
	if status, body := hostGet(t, base+"/_sandbox/health", ""); status != 200 {
		t.Fatalf("health: %d %s", status, body)
	}
	stop()
	if l := logs.String(); !strings.Contains(l, "warning: listening on "+strings.TrimPrefix(base, "http://")) || !strings.Contains(l, "-allowed-host") {
		t.Fatalf("no warning for a non-loopback address (%s):\n%s", base, l)
	}
}
