package sandbox

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"
)

// ---- logging ----

type recorder struct {
	http.ResponseWriter
	status int
}

// WriteHeader records the first status.
func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

// Write records an implicit 200.
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController and hijack reach the connection.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// withLog logs one line per request: method, path (never the query, which
// carries credentials), status and duration.
func (s *Server) withLog(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		level := slimLevel(r.URL.Path, rec.status)
		s.log.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "status", rec.status, "duration", time.Since(start))
	})
}

// withRecover turns a panic into a logged 500 with a DRF detail, so a bug
// shows up as a clear error rather than a dropped connection.
// http.ErrAbortHandler (used to drop connections on purpose) passes through.
func (s *Server) withRecover(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("panic while serving", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
			detail(w, http.StatusInternalServerError, "Internal sandbox error.")
		}()
		h.ServeHTTP(w, r)
	})
}

// ---- Host allowlist ----

// The sandbox answers only requests addressed to a host name it knows
// (docs/sandbox-security.md). A DNS-rebinding page is served from the
// attacker's name, then makes that name resolve to 127.0.0.1: its requests
// reach the sandbox from the developer's own browser, as same-origin
// requests, but with the attacker's name in the Host header.

// defaultHosts are always allowed: the loopback names a browser on this
// machine uses.
var defaultHosts = []string{"localhost", "127.0.0.1", "::1"}

// hostName returns the lower-case host name of a Host header or address,
// without port, brackets or trailing dot.
func hostName(hostport string) string {
	h := hostport
	if host, _, err := net.SplitHostPort(hostport); err == nil {
		h = host
	}
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	return strings.ToLower(strings.TrimSuffix(h, "."))
}

// allowHostOf adds the host name of a base URL or listen address.
func (s *Server) allowHostOf(hostport string) {
	if name := hostName(hostport); name != "" {
		s.addHosts(name)
	}
}

// addHosts adds host names to the allowed ones.
func (s *Server) addHosts(names ...string) {
	s.originsMu.Lock()
	defer s.originsMu.Unlock()
	next := slices.Clone(*s.hosts.Load())
	for _, n := range names {
		if !slices.Contains(next, n) {
			next = append(next, n)
		}
	}
	s.hosts.Store(&next)
}

// hostAllowed reports whether a Host header names this sandbox.
func (s *Server) hostAllowed(host string) bool {
	name := hostName(host)
	return name != "" && slices.Contains(*s.hosts.Load(), name)
}

// withHosts refuses, before anything else runs, every request whose Host
// header is not an allowed host name.
func (s *Server) withHosts(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.hostAllowed(r.Host) {
			h.ServeHTTP(w, r)
			return
		}
		s.log.Warn("refused a request for an unknown host", "host", r.Host, "method", r.Method, "path", r.URL.Path)
		name := hostName(r.Host)
		if name == "" {
			name = "NAME"
		}
		detail(w, http.StatusForbidden, fmt.Sprintf("Host %q is not allowed: the sandbox answers only the names it was started for. "+
			"If you reach it under this name on purpose, start it with -allowed-host %s.", r.Host, name))
	})
}

// ---- cross-origin writes ----

// crossOrigin reports whether a browser sent r from a page that is neither
// the sandbox's own nor an allowed origin, and returns the origin it names.
// The Origin header decides when there is one ("null", an opaque origin, is
// never allowed); without it Sec-Fetch-Site does (cross-site and same-site
// are foreign). A request with neither comes from a program, not a page,
// and is not cross-origin. wildcard says whether a "*" allow entry counts:
// it does for the Integry API, never for the sandbox's own controls.
func (s *Server) crossOrigin(r *http.Request, wildcard bool) (origin string, foreign bool) {
	if origin = r.Header.Get("Origin"); origin != "" {
		return origin, !s.allowedOrigin(r, origin, wildcard)
	}
	switch r.Header.Get("Sec-Fetch-Site") {
	case "cross-site", "same-site":
		return "", true
	}
	return "", false
}

// refuseCrossOrigin answers 403 with a detail that names the flag.
func (s *Server) refuseCrossOrigin(w http.ResponseWriter, r *http.Request, origin string) {
	s.log.Warn("refused a cross-origin request", "origin", origin, "method", r.Method, "path", r.URL.Path)
	switch origin {
	case "":
		detail(w, http.StatusForbidden, "Cross-site requests may not do this; call the sandbox from its own origin or an allowed one (-allow-origin).")
	case "null":
		detail(w, http.StatusForbidden, "Pages with an opaque origin (\"null\": sandboxed frames, file: and data: pages) may not do this.")
	default:
		detail(w, http.StatusForbidden, "Origin "+origin+" may not do this; start the sandbox with -allow-origin "+origin+" to allow it.")
	}
}

// withWriteGuard refuses requests that may change state (any method but
// GET, HEAD and OPTIONS) from a foreign origin, before the fault injection
// and every handler. Browsers always send Origin with such requests, so a
// cross-site form post or a no-cors fetch never reaches a handler, whatever
// its Content-Type.
func (s *Server) withWriteGuard(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
		default:
			if origin, foreign := s.crossOrigin(r, true); foreign {
				s.refuseCrossOrigin(w, r, origin)
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}

// ---- CORS ----

const (
	corsMethods = "GET, POST, PUT, DELETE, OPTIONS"
	corsHeaders = "Content-Type, Accept-Language, Version, built-in-function-id, App-Key, Hash, User-ID"
)

// originAllowed reports whether a browser page on origin may call the API.
func (s *Server) originAllowed(r *http.Request, origin string) bool {
	return s.allowedOrigin(r, origin, true)
}

// allowedOrigin reports whether origin is the sandbox's own (its base URL,
// its listener, or the allowed Host it was reached by) or an allowed one;
// an allow entry "*" counts only when wildcard is true.
func (s *Server) allowedOrigin(r *http.Request, origin string, wildcard bool) bool {
	if origin == "" || origin == "null" {
		return false
	}
	// r.Host is trusted here: withHosts refused every other name.
	if origin == s.base(r) || origin == s.internal(r) || origin == "http://"+r.Host || origin == "https://"+r.Host {
		return true
	}
	allowed := *s.origins.Load()
	return slices.Contains(allowed, origin) || wildcard && slices.Contains(allowed, "*")
}

// postMessageOrigin returns origin if the consent page may post to it: an
// exact allowed origin (a "*" entry does not count) or the sandbox's own.
func (s *Server) postMessageOrigin(r *http.Request, origin string) string {
	origin = strings.TrimRight(origin, "/")
	if origin == "" || origin == "*" || origin == "null" {
		return ""
	}
	if origin == s.base(r) || origin == s.internal(r) || slices.Contains(*s.origins.Load(), origin) {
		return origin
	}
	return ""
}

// withCORS answers preflights and adds Access-Control-Allow-Origin for
// allowed origins (the exact origin, with Vary: Origin).
func (s *Server) withCORS(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		allowed := s.originAllowed(r, origin)
		if allowed {
			w.Header().Set("Access-Control-Allow-Origin", origin)
			w.Header().Add("Vary", "Origin")
			w.Header().Set("Access-Control-Expose-Headers", "X-Credits, X-Session-ID")
		}
		if r.Method == http.MethodOptions {
			if r.Header.Get("Access-Control-Request-Method") != "" && origin != "" && !allowed {
				detail(w, http.StatusForbidden, "Origin "+origin+" is not allowed; start the sandbox with -allow-origin "+origin+".")
				return
			}
			w.Header().Set("Access-Control-Allow-Methods", corsMethods)
			w.Header().Set("Access-Control-Allow-Headers", corsHeaders)
			w.Header().Set("Access-Control-Max-Age", "600")
			w.Header().Set("Allow", corsMethods)
			w.WriteHeader(http.StatusNoContent)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// ---- gzip ----

// withGzip compresses responses (the wasm bundle included) for clients that
// accept gzip. 204, 304 and HEAD responses pass through.
func withGzip(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead || !acceptsGzip(r.Header.Get("Accept-Encoding")) {
			h.ServeHTTP(w, r)
			return
		}
		if strings.HasPrefix(r.URL.Path, "/providers/") {
			h.ServeHTTP(w, r) // the sandbox's own onward calls: compressing them only costs CPU
			return
		}
		r.Header.Del("Range") // ranges of the compressed stream are not offered
		gw := &gzipWriter{ResponseWriter: w}
		defer gw.finish()
		h.ServeHTTP(gw, r)
	})
}

func acceptsGzip(ae string) bool {
	for _, part := range strings.Split(ae, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			return !strings.Contains(strings.ReplaceAll(params, " ", ""), "q=0") || strings.Contains(params, "q=0.")
		}
	}
	return false
}

type gzipWriter struct {
	http.ResponseWriter
	gz       *gzip.Writer
	decided  bool
	compress bool
}

// WriteHeader decides whether to compress, once.
func (g *gzipWriter) WriteHeader(code int) {
	if g.decided {
		return
	}
	g.decided = true
	h := g.Header()
	if code >= 200 && code != http.StatusNoContent && code != http.StatusNotModified && h.Get("Content-Encoding") == "" {
		g.compress = true
		h.Set("Content-Encoding", "gzip")
		h.Add("Vary", "Accept-Encoding")
		h.Del("Content-Length")
		h.Del("Accept-Ranges")
		g.gz = gzipPool.Get().(*gzip.Writer)
		g.gz.Reset(g.ResponseWriter)
	}
	g.ResponseWriter.WriteHeader(code)
}

// Write compresses when WriteHeader decided to.
func (g *gzipWriter) Write(b []byte) (int, error) {
	if !g.decided {
		if g.Header().Get("Content-Type") == "" {
			g.Header().Set("Content-Type", http.DetectContentType(b))
		}
		g.WriteHeader(http.StatusOK)
	}
	if g.compress {
		return g.gz.Write(b)
	}
	return g.ResponseWriter.Write(b)
}

func (g *gzipWriter) finish() {
	if g.compress {
		g.gz.Close()
		gzipPool.Put(g.gz)
	}
}

// gzipPool reuses compressors: a new gzip.Writer allocates about 800 KB,
// which dominated the cost of a small JSON answer.
var gzipPool = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed)
	return w
}}

// Unwrap exposes the underlying writer.
func (g *gzipWriter) Unwrap() http.ResponseWriter { return g.ResponseWriter }

// hijack takes over the connection under any number of wrappers.
func hijack(w http.ResponseWriter) (net.Conn, *bufio.ReadWriter, error) {
	for {
		if hj, ok := w.(http.Hijacker); ok {
			return hj.Hijack()
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return nil, nil, errors.New("the connection cannot be hijacked")
		}
		w = u.Unwrap()
	}
}

// slimLevel logs the sandbox's own provider traffic at debug level, since
// every function call makes one such request.
func slimLevel(path string, status int) slog.Level {
	switch {
	case status >= 500:
		return slog.LevelWarn
	case strings.HasPrefix(path, "/providers/"), strings.HasPrefix(path, "/icons/"):
		return slog.LevelDebug
	}
	return slog.LevelInfo
}
