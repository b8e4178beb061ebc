package sandbox

import (
	"io/fs"
	"net/http"
	"path/filepath"
	"strings"
)

func (s *Server) icon(w http.ResponseWriter, r *http.Request, name string) {
	if s.cat.icons == nil || strings.Contains(name, "/") {
		detail(w, http.StatusNotFound, "Not found.")
		return
	}
	b, err := fs.ReadFile(s.cat.icons, name)
	if err != nil {
		detail(w, http.StatusNotFound, "Not found.")
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(b)
}

// serveMount serves the longest matching mount; false if none matches.
func (s *Server) serveMount(w http.ResponseWriter, r *http.Request) bool {
	p := "/" + strings.TrimLeft(r.URL.Path, "/")
	var best *Mount
	for i, m := range s.opts.Mounts {
		if (strings.HasPrefix(p, m.Prefix) || p+"/" == m.Prefix) && (best == nil || len(m.Prefix) > len(best.Prefix)) {
			best = &s.opts.Mounts[i]
		}
	}
	if best == nil || (r.Method != "GET" && r.Method != "HEAD") {
		return false
	}
	name := strings.TrimPrefix(p, best.Prefix)
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	name = strings.TrimPrefix(name, "/")
	return s.assets.serve(w, r, best, name)
}

func contentType(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".wasm":
		return "application/wasm"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".json", ".map":
		return "application/json"
	case ".svg":
		return "image/svg+xml"
	}
	return ""
}
