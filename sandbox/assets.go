package sandbox

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ---- static files: precompressed variants, ETags and caching ----
//
// A mounted file may have precompressed siblings (integry.wasm.br and
// integry.wasm.gz, built by `make wasm`). The request's Accept-Encoding
// picks one, and it is sent as it is, with Content-Encoding, the file's own
// Content-Type and Vary: Accept-Encoding. docs/bundle.md explains the
// caching choices.

// precompressed are the siblings a mounted file may have, best first.
var precompressed = []struct{ coding, ext string }{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// Cache-Control values. Unversioned URLs (/sdk/integry.wasm) are stored but
// revalidated on every use: integry.js and integry.wasm must come from the
// same build, and a revalidation costs one 304 without a body. A URL whose v
// query parameter is the file's content hash names one build forever.
const (
	cacheRevalidate = "no-cache"
	cacheImmutable  = "public, max-age=31536000, immutable"
)

// assets serves mounted files and remembers their content hashes.
type assets struct {
	hashes sync.Map // hashKey → hex hash
}

type hashKey struct {
	mount, name string
	size        int64
	mod         time.Time
}

// serve writes the mounted file name of m, or reports false when there is no
// such regular file.
func (a *assets) serve(w http.ResponseWriter, r *http.Request, m *Mount, name string) bool {
	file, ok := openFile(m.FS, name)
	if !ok {
		return false
	}
	defer file.Close()
	h := w.Header()
	if ct := contentType(name); ct != "" {
		h.Set("Content-Type", ct)
	}
	var codings []string
	for _, p := range precompressed {
		if st, err := fs.Stat(m.FS, name+p.ext); err == nil && st.Mode().IsRegular() {
			codings = append(codings, p.coding)
		}
	}
	body, bodyName := file, name
	if len(codings) > 0 {
		h.Add("Vary", "Accept-Encoding")
		coding := negotiate(r.Header.Get("Accept-Encoding"), codings)
		for _, p := range precompressed {
			if p.coding != coding {
				continue
			}
			if body, ok = openFile(m.FS, name+p.ext); !ok {
				return false
			}
			defer body.Close()
			bodyName = name + p.ext
			h.Set("Content-Encoding", p.coding)
		}
	}
	sum, ok := a.hash(m, name, file)
	if !ok {
		return false
	}
	tag := sum
	if body != file {
		if tag, ok = a.hash(m, bodyName, body); !ok {
			return false
		}
	}
	// A strong ETag names these exact bytes: a precompressed body goes out
	// as it is. Any other body may still be gzipped on the fly (withGzip),
	// so its tag is weak.
	if body != file {
		h.Set("ETag", `"`+tag+`"`)
	} else {
		h.Set("ETag", `W/"`+tag+`"`)
	}
	if r.URL.Query().Get("v") == sum {
		h.Set("Cache-Control", cacheImmutable)
	} else {
		h.Set("Cache-Control", cacheRevalidate)
	}
	if body != file {
		// ServeContent leaves Content-Length out when Content-Encoding is
		// set (for handlers that compress on the fly); these bytes are final.
		// It still sets the length of a range itself.
		h.Set("Content-Length", strconv.FormatInt(body.info.Size(), 10))
	}
	http.ServeContent(w, r, name, body.info.ModTime(), body)
	return true
}

// file is an open regular file that can seek.
type file struct {
	io.ReadSeeker
	io.Closer
	info fs.FileInfo
}

// openFile opens a regular file; false if there is none. A file that cannot
// seek is read into memory.
func openFile(fsys fs.FS, name string) (*file, bool) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, false
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, false
	}
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		b, err := io.ReadAll(f)
		if err != nil {
			f.Close()
			return nil, false
		}
		rs = bytes.NewReader(b)
	}
	return &file{ReadSeeker: rs, Closer: f, info: st}, true
}

// hash returns the first 64 bits of the SHA-256 of a mounted file, in hex,
// computed once per file version (name, size and modification time;
// embedded files never change), and leaves f at its start.
func (a *assets) hash(m *Mount, name string, f *file) (string, bool) {
	key := hashKey{m.Prefix, name, f.info.Size(), f.info.ModTime()}
	if v, ok := a.hashes.Load(key); ok {
		return v.(string), true
	}
	sum := sha256.New()
	if _, err := io.Copy(sum, f); err != nil {
		return "", false
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", false
	}
	v := hex.EncodeToString(sum.Sum(nil)[:8])
	a.hashes.Store(key, v)
	return v, true
}

// negotiate picks the content coding to send for an Accept-Encoding header
// (RFC 9110, section 12.5.3) from the available ones, which are in the
// server's order of preference: the acceptable one (q > 0) with the highest
// q-value, the earlier one on a tie; "" (identity) when none is acceptable.
// Identity's own q-value is not weighed against them: an answer the client
// accepts gzip for would be gzipped on the fly anyway (withGzip), and a
// precompressed file is the better gzip.
func negotiate(header string, available []string) string {
	q := map[string]float64{}
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		if name == "x-gzip" {
			name = "gzip"
		}
		weight := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(p, "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0
				}
				weight = f
			}
		}
		q[name] = weight
	}
	best, bestW := "", 0.0
	for _, c := range available {
		w, ok := q[c]
		if !ok {
			w = q["*"] // 0 without a "*"
		}
		if w > bestW {
			best, bestW = c, w
		}
	}
	return best
}
