//go:build !js

package hygiene

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// citation matches a comment that cites the protocol by a document outside
// the repository: its section numbers, its endpoint labels ("spec E6"), its
// numbered list of the official SDK's defects, or the notes beside it. The
// pattern is written so that it does not match its own source. Such a
// citation passes only with a docs/ path in the same comment, e.g.
// docs/protocol.md#differs-modal-closed.
var citation = regexp.MustCompile(`(?i)wire[ ]spec|wire[ ]protocol[ ]spec|spec/wire-proto[c]ol|\bthe[ ]spec\b|\bspec[ ](?:\x{00A7}|E[0-9])|\x{00A7}\s*[0-9]|\bdefects?[ ][0-9]|notes/go-was[m]|\.\./shared/`)

// comment is one comment paragraph: consecutive comment lines up to a blank
// one, joined, or a single line of code with whatever it says.
type comment struct {
	line int    // 1-based, of its first line
	text string // the lines joined with spaces, comment markers removed
}

// comments splits a Go or JavaScript source into paragraphs, so that a
// citation wrapped over two lines is found in the joined text.
func comments(src string) []comment {
	var out []comment
	var cur *comment
	for i, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		isComment := strings.HasPrefix(t, "//") || strings.HasPrefix(t, "/*") || strings.HasPrefix(t, "*")
		if !isComment {
			cur = nil
			if t != "" {
				out = append(out, comment{line: i + 1, text: t})
			}
			continue
		}
		if t == "//" || t == "*" { // a blank comment line ends a paragraph
			cur = nil
			continue
		}
		t = strings.TrimSpace(strings.TrimLeft(t, "/*"))
		if cur == nil {
			out = append(out, comment{line: i + 1})
			cur = &out[len(out)-1]
		}
		cur.text = strings.TrimSpace(cur.text + " " + t)
	}
	return out
}

// uncited returns the paragraphs of src that cite the protocol without a
// docs/ path.
func uncited(src string) []comment {
	var out []comment
	for _, c := range comments(src) {
		if citation.MatchString(c.text) && !docRef.MatchString(c.text) {
			out = append(out, c)
		}
	}
	return out
}

// TestProtocolCitationsPointIntoDocs fails on every comment in a .go, .mjs
// or .js file that cites the protocol by a document outside the repository
// instead of by its place in docs/ (docs/protocol.md and its anchors), so
// that a newcomer can follow every reference without leaving the repo.
func TestProtocolCitationsPointIntoDocs(t *testing.T) {
	for _, f := range repoFiles(t) {
		if !isCode(f) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range uncited(string(b)) {
			t.Errorf("%s:%d cites the protocol without a docs/ path: %s", f, c.line, c.text)
		}
	}
}

// The detector flags what TestProtocolCitationsPointIntoDocs must flag, and
// passes what it must pass.
func TestCitationDetector(t *testing.T) {
	// Written with stand-ins, so that this file does not cite anything
	// itself: @W is the old document's name, @D its word for a defect,
	// @S the section sign, @N the notes file.
	expand := strings.NewReplacer("@W", "wire"+" spec", "@D", "def"+"ect", "@S", "\u00a7", "@N", "notes/go-"+"wasm.md", "@E", "spec"+" E").Replace
	for _, tc := range []struct {
		src  string
		want []int // lines of the flagged paragraphs
	}{
		{"// App is an app (@W @S4).\ntype App struct{}", []int{1}},
		{"x := 1 // required (@D 13)\n", []int{1}},
		{"// Events follow the\n// wire\n// spec @S6: in order.\nfunc f() {}", []int{1}},
		{"// the rule of @N @S9\n", []int{1}},
		{"// Wire: GET /verify-sdk-config/ (@E1).\n", []int{1}},
		{"/*\n * @Ds 14 and 15\n */\nconst a = 1;", []int{1}},
		{"// App is an app (docs/protocol.md#app-object).\ntype App struct{}", nil},
		{"// Wrapped: see the official\n// @D 12 at\n// docs/protocol.md#differs-schema-fallback.\n", nil},
		{"// input fires for selects too (HTML spec)\n// Section 4 of RFC 3986\n", nil},
		{"// one paragraph (@D 2)\n\n// another, with docs/protocol.md\n", []int{1}},
		{"// Package p does it (@W @S4).\n//\n// # More\n//\n// docs/protocol.md#app-object\npackage p", []int{1}},
	} {
		var got []int
		for _, c := range uncited(expand(tc.src)) {
			got = append(got, c.line)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("uncited(%q) flags lines %v, want %v", expand(tc.src), got, tc.want)
		}
	}
}
