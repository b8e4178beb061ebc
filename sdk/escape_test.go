package sdk

import (
	"net/url"
	"testing"
)

var escapeCases = []string{
	"", "plain", "slack-post-message", "a b", "a+b", "ü ser+1", "a/b", "x?y#z", "100%",
	"~tilde_.-", "!*'()", "$&+,:;=@", "\x00\x7f\xff", "日本", "user@example.com", "a\tb\nc",
}

// TestEscapingMatchesNetURL: our escapers give what net/url gives.
func TestEscapingMatchesNetURL(t *testing.T) {
	for _, s := range escapeCases {
		if got, want := pathEscape(s), url.PathEscape(s); got != want {
			t.Errorf("pathEscape(%q) = %q, want %q", s, got, want)
		}
		if got, want := queryEscape(s), url.QueryEscape(s); got != want {
			t.Errorf("queryEscape(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzEscapingMatchesNetURL(f *testing.F) {
	for _, s := range escapeCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := pathEscape(s), url.PathEscape(s); got != want {
			t.Errorf("pathEscape(%q) = %q, want %q", s, got, want)
		}
		if got, want := queryEscape(s), url.QueryEscape(s); got != want {
			t.Errorf("queryEscape(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestSplitOrigin(t *testing.T) {
	for in, want := range map[string]string{
		"https://app.integry.io":            "https://app.integry.io",
		"HTTP://127.0.0.1:8080/x?y#z":       "http://127.0.0.1:8080",
		"https://user:pw@host.example/path": "https://host.example",
		"https://host.example?q=1":          "https://host.example",
		"ftp://host":                        "",
		"//host/path":                       "",
		"/relative":                         "",
		"https://":                          "",
		"https:///path":                     "",
		"https://bad host/":                 "",
		"not a url":                         "",
		"javascript://alert(1)":             "",
	} {
		if got := Origin(in); got != want {
			t.Errorf("Origin(%q) = %q, want %q", in, got, want)
		}
	}
}
