package sdk

import "strings"

// The browser build pays about 40 KB of gzip for net/url, for three small
// jobs: escaping a path segment, form-encoding a query value, and telling
// whether a string is an absolute http(s) URL. They are done here instead,
// and a native test checks them against net/url.

const upperhex = "0123456789ABCDEF"

// pathEscape escapes s for use as one path segment, as url.PathEscape does.
func pathEscape(s string) string { return escape(s, false) }

// queryEscape form-encodes s (space as "+"), as url.QueryEscape and the
// browser's URLSearchParams do.
func queryEscape(s string) string { return escape(s, true) }

func escape(s string, query bool) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i], query) && !(query && s[i] == ' ') {
			n++
		}
	}
	if n == 0 && (!query || !strings.Contains(s, " ")) {
		return s
	}
	return string(appendEscape(make([]byte, 0, len(s)+2*n), s, query))
}

// appendEscape appends s escaped as escape does.
func appendEscape(b []byte, s string, query bool) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case unreserved(c, query):
			b = append(b, c)
		case query && c == ' ':
			b = append(b, '+')
		default:
			b = append(b, '%', upperhex[c>>4], upperhex[c&15])
		}
	}
	return b
}

// unreserved reports whether c stays as it is: RFC 3986 unreserved
// characters and, in a path segment, the "$&+:=@" that net/url also leaves
// alone there.
func unreserved(c byte, query bool) bool {
	if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
		return true
	}
	switch c {
	case '-', '_', '.', '~':
		return true
	case '$', '&', '+', ':', '=', '@':
		return !query
	}
	return false
}

// splitOrigin returns the scheme and host of an absolute http(s) URL; ok is
// false for anything else (relative, another scheme, no host, spaces or
// control characters in the scheme or host).
func splitOrigin(s string) (scheme, host string, ok bool) {
	i := strings.Index(s, "://")
	if i <= 0 {
		return "", "", false
	}
	scheme = strings.ToLower(s[:i])
	if scheme != "http" && scheme != "https" {
		return "", "", false
	}
	rest := s[i+3:]
	if j := strings.IndexAny(rest, "/?#"); j >= 0 {
		rest = rest[:j]
	}
	if k := strings.LastIndexByte(rest, '@'); k >= 0 { // userinfo is not part of the origin
		rest = rest[k+1:]
	}
	if rest == "" || strings.ContainsAny(rest, " \t\r\n\\") {
		return "", "", false
	}
	return scheme, rest, true
}
