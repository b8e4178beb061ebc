//go:build !js

package hygiene

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// root is the repository root, seen from this package's folder.
var root = filepath.Join("..", "..")

// repoFiles returns the slash-separated paths of the files git would
// commit: the tracked ones that still exist and the untracked ones that
// .gitignore does not exclude (so never node_modules, web/dist or the
// build's copies in web/npm).
func repoFiles(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v (these checks need git and the repository)", err)
	}
	var files []string
	seen := map[string]bool{}
	for _, f := range strings.Split(string(out), "\x00") {
		if f == "" || seen[f] || strings.Contains("/"+f, "/node_modules/") || strings.HasPrefix(f, "web/dist/") {
			continue
		}
		seen[f] = true
		if st, err := os.Stat(filepath.Join(root, filepath.FromSlash(f))); err == nil && st.Mode().IsRegular() {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		t.Fatal("git lists no files")
	}
	return files
}

// isCode reports whether f is a file whose comments are checked.
func isCode(f string) bool {
	switch path.Ext(f) {
	case ".go", ".mjs", ".js":
		return true
	}
	return false
}

// docRef matches a reference into docs/ written from the repository root,
// with an optional #anchor: docs/protocol.md#e6-call-function. A path
// that merely contains a docs folder (web/docs/x, a URL) does not count.
var docRef = regexp.MustCompile(`(?:^|[^A-Za-z0-9_./-])(docs/[A-Za-z0-9_./-]*[A-Za-z0-9_-])(#[A-Za-z0-9_-]+)?`)

// mdLink matches the target of a Markdown link: [text](target).
var mdLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// TestDocsReferencesResolve follows every docs/… reference in the code and
// in README.md, and every link between the documents in docs/: the file
// must exist, and so must the anchor, as a heading's slug or an explicit
// <a id>. A document another branch is adding may be linked from docs/
// before it lands; its anchors are checked from the day it exists.
func TestDocsReferencesResolve(t *testing.T) {
	anchors := map[string]map[string]bool{} // docs file → its anchors
	anchorsOf := func(file string) (map[string]bool, bool) {
		if a, ok := anchors[file]; ok {
			return a, a != nil
		}
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
		if err != nil {
			anchors[file] = nil
			return nil, false
		}
		anchors[file] = markdownAnchors(b)
		return anchors[file], true
	}
	exists := func(p string) bool {
		_, err := os.Stat(filepath.Join(root, filepath.FromSlash(p)))
		return err == nil
	}
	checked := 0
	for _, f := range repoFiles(t) {
		inDocs := strings.HasPrefix(f, "docs/") && path.Ext(f) == ".md"
		if !isCode(f) && f != "README.md" && !inDocs {
			continue
		}
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			where := f + ":" + strconv.Itoa(i+1)
			if !inDocs {
				for _, m := range docRef.FindAllStringSubmatch(line, -1) {
					target, anchor := m[1], strings.TrimPrefix(m[2], "#")
					checked++
					if !exists(target) {
						t.Errorf("%s: %s does not exist", where, target)
						continue
					}
					if anchor == "" {
						continue
					}
					if a, ok := anchorsOf(target); !ok || !a[anchor] {
						t.Errorf("%s: %s has no anchor #%s", where, target, anchor)
					}
				}
				continue
			}
			for _, m := range mdLink.FindAllStringSubmatch(line, -1) {
				target, anchor, _ := strings.Cut(m[1], "#")
				if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
					continue
				}
				file := f
				if target != "" {
					file = path.Join(path.Dir(f), target)
				}
				checked++
				if anchor == "" || !strings.HasPrefix(file, "docs/") {
					continue
				}
				a, ok := anchorsOf(file)
				if !ok {
					continue // not in the repository yet: see the doc comment
				}
				if !a[anchor] {
					t.Errorf("%s: link %s: %s has no anchor #%s", where, m[1], file, anchor)
				}
			}
		}
	}
	if checked == 0 {
		t.Error("found no reference into docs/ at all; is the pattern still right?")
	}
}

// markdownAnchors returns the anchors of a Markdown document: explicit
// id="…" and name="…" attributes, and each heading's GitHub slug (outside
// fenced code), numbered -1, -2, … when a slug repeats.
func markdownAnchors(doc []byte) map[string]bool {
	out := map[string]bool{}
	for _, m := range regexp.MustCompile(`\b(?:id|name)="([^"]+)"`).FindAllSubmatch(doc, -1) {
		out[string(m[1])] = true
	}
	heading := regexp.MustCompile(`^#{1,6}[ \t]+(.*?)[ \t#]*$`)
	count := map[string]int{}
	fenced := false
	sc := bufio.NewScanner(bytes.NewReader(doc))
	for sc.Scan() {
		line := sc.Text()
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		if m := heading.FindStringSubmatch(line); m != nil {
			s := slug(m[1])
			if n := count[s]; n > 0 {
				out[s+"-"+strconv.Itoa(n)] = true
			} else {
				out[s] = true
			}
			count[s]++
		}
	}
	return out
}

// slug is GitHub's anchor for a heading: the text without markup,
// lower-cased, with everything but letters, digits, "_", "-" and spaces
// dropped and spaces turned into "-".
func slug(heading string) string {
	heading = regexp.MustCompile(`<[^>]*>`).ReplaceAllString(heading, "")
	heading = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`).ReplaceAllString(heading, "$1")
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"E6 call a function":                       "e6-call-a-function",
		"`GET /_sandbox/health`":                   "get-_sandboxhealth",
		"Where we differ from @integry/sdk 4.9.37": "where-we-differ-from-integrysdk-4937",
		`<a id="x"></a>Popups, blocked`:            "popups-blocked",
		"[Link](other.md) text":                    "link-text",
		"Ünïcode — dash":                           "ünïcode--dash",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
	a := markdownAnchors([]byte("# A\n```\n# not a heading\n```\n## A\n<a id=\"own\"></a>\n"))
	for _, want := range []string{"a", "a-1", "own"} {
		if !a[want] {
			t.Errorf("anchor %q missing from %v", want, a)
		}
	}
	if a["not-a-heading"] {
		t.Error("a heading inside fenced code became an anchor")
	}
}
