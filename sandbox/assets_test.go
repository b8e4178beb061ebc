package sandbox_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
	"github.com/integry-go/integry/sandbox/sandboxtest"
)

// rawGet sends a request exactly as given (no Accept-Encoding added, no
// body decoded) and returns the response with its body read.
func rawGet(t *testing.T, method, url string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func gzipped(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func brotlied(b []byte) []byte {
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, brotli.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// decode undoes a Content-Encoding.
func decode(t *testing.T, coding string, b []byte) []byte {
	t.Helper()
	var r io.Reader = bytes.NewReader(b)
	switch coding {
	case "":
		return b
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(r)
	default:
		t.Fatalf("unexpected Content-Encoding %q", coding)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decoding %s: %v", coding, err)
	}
	return out
}

// bundle is a mount like web/dist after `make wasm`: integry.wasm with its
// .br and .gz, other.wasm with only a .gz, integry.js with neither.
func bundle(t *testing.T) (*sandboxtest.Sandbox, fstest.MapFS) {
	wasm := append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte("go wasm "), 4096)...)
	other := append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte("other "), 4096)...)
	files := fstest.MapFS{
		"integry.wasm":    {Data: wasm},
		"integry.wasm.br": {Data: brotlied(wasm)},
		"integry.wasm.gz": {Data: gzipped(t, wasm)},
		"other.wasm":      {Data: other},
		"other.wasm.gz":   {Data: gzipped(t, other)},
		"integry.js":      {Data: []byte(strings.Repeat("export {};\n", 200))},
	}
	return sandboxtest.New(t, sandboxtest.WithMount("/sdk/", files)), files
}

func TestPrecompressedFilesFollowAcceptEncoding(t *testing.T) {
	sb, files := bundle(t)
	wasm := files["integry.wasm"].Data
	etags := map[string]string{}
	for _, tc := range []struct {
		accept string
		want   string // Content-Encoding
	}{
		{"gzip, deflate, br, zstd", "br"}, // Chromium's
		{"gzip, deflate", "gzip"},
		{"", ""},
		{"identity", ""},
		{"BR", "br"},
		{"x-gzip", "gzip"},
		{"*", "br"},
		{"br;q=0, gzip", "gzip"},
		{"gzip;q=1, br;q=0.5", "gzip"},
		{"gzip; q=0.2, br; q=0.2", "br"}, // a tie goes to the smaller file
		{"gzip;q=0.5, identity", "gzip"}, // would be gzipped on the fly anyway
		{"*;q=0, identity", ""},
		{"identity;q=0, gzip;q=0.1", "gzip"},
		{"br;q=0, gzip;q=0", ""}, // nothing acceptable: identity all the same
		{"br;q=abc", ""},         // a malformed q-value refuses
		{"br;q=1.5", ""},         // so does one out of range
	} {
		var header []string
		if tc.accept != "" {
			header = []string{"Accept-Encoding", tc.accept}
		}
		resp, body := rawGet(t, "GET", sb.URL+"/sdk/integry.wasm", header...)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != tc.want {
			t.Errorf("Accept-Encoding %q: %d with Content-Encoding %q, want 200 with %q", tc.accept, resp.StatusCode, resp.Header.Get("Content-Encoding"), tc.want)
			continue
		}
		if got := resp.Header.Get("Content-Type"); got != "application/wasm" {
			t.Errorf("Accept-Encoding %q: Content-Type %q", tc.accept, got)
		}
		if !strings.Contains(strings.Join(resp.Header.Values("Vary"), ","), "Accept-Encoding") {
			t.Errorf("Accept-Encoding %q: Vary %q", tc.accept, resp.Header.Values("Vary"))
		}
		if !bytes.Equal(decode(t, tc.want, body), wasm) {
			t.Errorf("Accept-Encoding %q: the body is not the wasm", tc.accept)
		}
		if tc.want != "" && !bytes.Equal(body, files["integry.wasm."+map[string]string{"br": "br", "gzip": "gz"}[tc.want]].Data) {
			t.Errorf("Accept-Encoding %q: the body is not the precompressed file as it is", tc.accept)
		}
		if etags[tc.want] == "" {
			etags[tc.want] = resp.Header.Get("ETag")
		} else if etags[tc.want] != resp.Header.Get("ETag") {
			t.Errorf("Accept-Encoding %q: ETag %q, earlier %q", tc.accept, resp.Header.Get("ETag"), etags[tc.want])
		}
	}
	// Each representation has its own tag; the precompressed ones are strong.
	if len(etags) != 3 || etags["br"] == etags["gzip"] || strings.HasPrefix(etags["br"], "W/") || strings.HasPrefix(etags["gzip"], "W/") || etags[""] == "" {
		t.Errorf("ETags %q: want three different ones, strong for br and gzip", etags)
	}

	// Only a .gz beside the file: brotli-only clients get the file itself.
	resp, body := rawGet(t, "GET", sb.URL+"/sdk/other.wasm", "Accept-Encoding", "br")
	if resp.Header.Get("Content-Encoding") != "" || !bytes.Equal(body, files["other.wasm"].Data) {
		t.Errorf("other.wasm for br: Content-Encoding %q", resp.Header.Get("Content-Encoding"))
	}
	resp, body = rawGet(t, "GET", sb.URL+"/sdk/other.wasm", "Accept-Encoding", "gzip, br")
	if resp.Header.Get("Content-Encoding") != "gzip" || !bytes.Equal(body, files["other.wasm.gz"].Data) {
		t.Errorf("other.wasm for gzip, br: Content-Encoding %q", resp.Header.Get("Content-Encoding"))
	}
}

func TestPrecompressedFilesRevalidateAndHEAD(t *testing.T) {
	sb, files := bundle(t)
	url := sb.URL + "/sdk/integry.wasm"
	resp, _ := rawGet(t, "GET", url, "Accept-Encoding", "br")
	etag := resp.Header.Get("ETag")

	resp, body := rawGet(t, "GET", url, "Accept-Encoding", "br", "If-None-Match", etag)
	if resp.StatusCode != http.StatusNotModified || len(body) != 0 || resp.Header.Get("ETag") != etag {
		t.Errorf("If-None-Match %s: %d, ETag %q, %d bytes", etag, resp.StatusCode, resp.Header.Get("ETag"), len(body))
	}
	if resp.Header.Get("Vary") == "" {
		t.Error("304 without Vary")
	}
	// The br tag does not match the gzip representation.
	resp, body = rawGet(t, "GET", url, "Accept-Encoding", "gzip", "If-None-Match", etag)
	if resp.StatusCode != 200 || !bytes.Equal(body, files["integry.wasm.gz"].Data) {
		t.Errorf("gzip with the br tag: %d", resp.StatusCode)
	}

	resp, body = rawGet(t, "HEAD", url, "Accept-Encoding", "gzip, br")
	if resp.StatusCode != 200 || len(body) != 0 || resp.Header.Get("Content-Encoding") != "br" ||
		resp.ContentLength != int64(len(files["integry.wasm.br"].Data)) {
		t.Errorf("HEAD: %d, Content-Encoding %q, Content-Length %d, %d bytes", resp.StatusCode, resp.Header.Get("Content-Encoding"), resp.ContentLength, len(body))
	}

	// A range of a precompressed file is a range of its bytes.
	resp, body = rawGet(t, "GET", url, "Accept-Encoding", "br", "Range", "bytes=0-9")
	if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(body, files["integry.wasm.br"].Data[:10]) || resp.ContentLength != 10 {
		t.Errorf("Range: %d, Content-Length %d, %d bytes", resp.StatusCode, resp.ContentLength, len(body))
	}

	// A file without precompressed siblings is still gzipped on the fly; its
	// weak tag stands for every encoding of it.
	resp, body = rawGet(t, "GET", sb.URL+"/sdk/integry.js", "Accept-Encoding", "gzip")
	tag := resp.Header.Get("ETag")
	if resp.Header.Get("Content-Encoding") != "gzip" || !strings.HasPrefix(tag, `W/"`) || !bytes.Equal(decode(t, "gzip", body), files["integry.js"].Data) {
		t.Errorf("integry.js: Content-Encoding %q, ETag %q", resp.Header.Get("Content-Encoding"), tag)
	}
	if resp, _ := rawGet(t, "GET", sb.URL+"/sdk/integry.js", "If-None-Match", tag); resp.StatusCode != http.StatusNotModified {
		t.Errorf("integry.js with If-None-Match %s: %d", tag, resp.StatusCode)
	}
}

// An unversioned URL is revalidated on every use; a URL whose v parameter
// is the file's content hash (the first 16 hex digits of its SHA-256) names
// that build forever.
func TestVersionedURLsAreImmutable(t *testing.T) {
	sb, files := bundle(t)
	sum := sha256.Sum256(files["integry.wasm"].Data)
	v := hex.EncodeToString(sum[:8])
	for _, tc := range []struct {
		path, accept, want string
	}{
		{"/sdk/integry.wasm", "br", "no-cache"},
		{"/sdk/integry.wasm?v=" + v, "br", "public, max-age=31536000, immutable"},
		{"/sdk/integry.wasm?v=" + v, "gzip", "public, max-age=31536000, immutable"},
		{"/sdk/integry.wasm?v=" + v, "", "public, max-age=31536000, immutable"},
		{"/sdk/integry.wasm?v=0123456789abcdef", "br", "no-cache"}, // another build's hash
		{"/sdk/integry.wasm?v=1.0.0", "br", "no-cache"},
		{"/sdk/integry.js?v=" + v, "", "no-cache"},
	} {
		var header []string
		if tc.accept != "" {
			header = []string{"Accept-Encoding", tc.accept}
		}
		resp, _ := rawGet(t, "GET", sb.URL+tc.path, header...)
		if got := resp.Header.Get("Cache-Control"); resp.StatusCode != 200 || got != tc.want {
			t.Errorf("%s (%s): %d, Cache-Control %q, want %q", tc.path, tc.accept, resp.StatusCode, got, tc.want)
		}
	}
}
