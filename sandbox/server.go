package sandbox

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/integry-go/integry/sdk/authhash"
)

// Defaults for the demo. They are public on purpose: the sandbox is a local
// emulator, and anything that knows the secret can only reach loopback.
const (
	DefaultAppKey    = "sandbox-app-key"
	DefaultAppSecret = "sandbox-app-secret"
	DefaultAddr      = "127.0.0.1:8080"
	DefaultAppName   = "Sandbox"
	DefaultTokenTTL  = time.Hour
)

// Options configure a [Server]. Only DataDir (or Memory) is required.
type Options struct {
	// Addr is where ListenAndServe listens; default 127.0.0.1:8080.
	Addr string
	// DataDir holds the database file (sandbox.db). Required unless Memory.
	DataDir string
	// Memory keeps all state in memory and writes no file at all.
	Memory bool
	// AppKey and AppSecret authenticate callers; default DefaultAppKey and
	// DefaultAppSecret.
	AppKey, AppSecret string
	// AppName is verify-sdk-config's meta.app.name; default "Sandbox".
	AppName string
	// AllowOrigins may call the API from a browser (CORS) and receive
	// connect results from the consent page. The server's own origin is
	// always allowed; "*" allows any origin for CORS (never for postMessage,
	// which always targets one exact origin).
	AllowOrigins []string
	// AllowedHosts are host names (besides localhost, 127.0.0.1, ::1, the
	// host of Addr and of the base URL) that requests may carry in their
	// Host header. Any other name is refused with 403 before any handler
	// runs: that is what defeats DNS rebinding (docs/sandbox-security.md).
	// A port, if given, is ignored.
	AllowedHosts []string
	// CatalogDir replaces the embedded catalog with the *.json files (and
	// icons/) of a folder.
	CatalogDir string
	// Logger receives structured logs; default slog.Default().
	Logger *slog.Logger
	// Mounts serve static files, e.g. the SDK bundle at /sdk/ and the demo
	// page at /. The longest matching prefix wins; API routes win over "/".
	Mounts []Mount
	// TokenTTL is how long a provider access token lives; default 1h.
	TokenTTL time.Duration
	// SampleData fills each user's newly connected Pipedrive, HubSpot and
	// Slack accounts with sample records (sample.go; docs/sandbox.md).
	SampleData bool
	// Clock returns the current time; default time.Now. Tests move it
	// forward to expire tokens.
	Clock func() time.Time
}

// Mount serves FS under Prefix (which starts and ends with "/").
type Mount struct {
	Prefix string
	FS     fs.FS
}

// Server is a running sandbox: catalog, store, providers and HTTP handler.
// Its methods are safe for concurrent use.
type Server struct {
	opts    Options
	log     *slog.Logger
	cat     *catalog
	st      *store
	handler http.Handler
	faults  faults
	client  *http.Client
	assets  assets // mounted files' hashes

	baseURL     atomic.Pointer[string] // public, for login_url and icon_url
	internalURL atomic.Pointer[string] // where the providers are reached
	refreshMu   sync.Map               // account ID → *sync.Mutex
	origins     atomic.Pointer[[]string]
	hosts       atomic.Pointer[[]string] // allowed Host names, see withHosts
	originsMu   sync.Mutex               // guards writes to origins and hosts
	consentKey  []byte                   // signs consent form tokens, new each start
	srvMu       sync.Mutex               // guards httpSrv and closed
	httpSrv     *http.Server
	closed      bool
	closeOnce   sync.Once
	closeErr    error
}

// New loads the catalog, opens the store and builds the handler. The
// server learns its base URL from [Server.SetBaseURL], or from the listener
// given to [Server.Serve], or else from each request's Host header.
func New(opts Options) (*Server, error) {
	if opts.Addr == "" {
		opts.Addr = DefaultAddr
	}
	if opts.AppKey == "" {
		opts.AppKey = DefaultAppKey
	}
	if opts.AppSecret == "" {
		opts.AppSecret = DefaultAppSecret
	}
	if opts.AppName == "" {
		opts.AppName = DefaultAppName
	}
	if opts.TokenTTL <= 0 {
		opts.TokenTTL = DefaultTokenTTL
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	opts.AllowOrigins = slices.Clone(opts.AllowOrigins)
	for i, o := range opts.AllowOrigins {
		opts.AllowOrigins[i] = strings.TrimRight(strings.TrimSpace(o), "/")
	}
	hosts := slices.Clone(defaultHosts)
	for _, h := range opts.AllowedHosts {
		name, err := allowedHostName(h)
		if err != nil {
			return nil, err
		}
		hosts = append(hosts, name)
	}
	if name := hostName(opts.Addr); name != "" {
		hosts = append(hosts, name)
	}
	for _, m := range opts.Mounts {
		if !strings.HasPrefix(m.Prefix, "/") || !strings.HasSuffix(m.Prefix, "/") || m.FS == nil {
			return nil, fmt.Errorf("sandbox: mount %q must start and end with / and have a file system", m.Prefix)
		}
	}
	cat, err := loadCatalog(opts.CatalogDir)
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	var k kv
	switch {
	case opts.Memory:
		k = newMemKV()
	case opts.DataDir == "":
		return nil, errors.New("sandbox: Options.DataDir is required unless Memory is set")
	default:
		b, err := openBolt(opts.DataDir)
		if err != nil {
			return nil, fmt.Errorf("sandbox: opening the store in %s: %w", opts.DataDir, err)
		}
		k = b
	}
	s := &Server{
		opts: opts,
		log:  opts.Logger,
		cat:  cat,
		st:   &store{kv: k},
		client: &http.Client{
			Timeout:       30 * time.Second,
			Transport:     &http.Transport{MaxIdleConnsPerHost: 64, IdleConnTimeout: 30 * time.Second},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	allowed := slices.Clone(opts.AllowOrigins)
	s.origins.Store(&allowed)
	s.hosts.Store(&hosts)
	s.consentKey = make([]byte, 32)
	rand.Read(s.consentKey)
	// The Host and origin checks come first, so a refused request changes
	// nothing, not even a fault's hit count (docs/sandbox-security.md).
	s.handler = s.withHosts(s.withWriteGuard(s.withFaults(s.withLog(s.withRecover(s.withCORS(withGzip(http.HandlerFunc(s.route))))))))
	return s, nil
}

// allowedHostName checks one Options.AllowedHosts entry and returns its
// host name.
func allowedHostName(h string) (string, error) {
	h = strings.TrimSpace(h)
	name := hostName(h)
	if name == "" || strings.ContainsAny(h, "/?#@*") || strings.ContainsAny(name, " :") && net.ParseIP(name) == nil {
		return "", fmt.Errorf("sandbox: allowed host %q: give a host name such as dev.example (no scheme, path or wildcard)", h)
	}
	return name, nil
}

// Handler returns the sandbox's HTTP handler: API, consent pages,
// providers, /_sandbox endpoints and mounts.
func (s *Server) Handler() http.Handler { return s.handler }

// SetBaseURL sets the public base URL (scheme://host[:port]) used in
// login_url and icon_url, and to reach the providers.
func (s *Server) SetBaseURL(u string) {
	u = strings.TrimRight(u, "/")
	s.baseURL.Store(&u)
	s.internalURL.CompareAndSwap(nil, &u)
	if p, err := url.Parse(u); err == nil {
		s.allowHostOf(p.Host)
	}
}

// Serve serves on l until [Server.Close] or [Server.Shutdown]. Unless
// SetBaseURL was called, the base URL becomes http://<l's address>.
func (s *Server) Serve(l net.Listener) error {
	u := "http://" + l.Addr().String()
	s.internalURL.Store(&u)
	s.baseURL.CompareAndSwap(nil, &u)
	s.allowHostOf(l.Addr().String()) // the sandbox calls its providers there
	hs := &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelDebug)}
	s.srvMu.Lock()
	if s.closed {
		s.srvMu.Unlock()
		l.Close()
		return errors.New("sandbox: Serve after Close")
	}
	s.httpSrv = hs
	s.srvMu.Unlock()
	err := hs.Serve(l)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// ListenAndServe listens on Options.Addr and serves.
func (s *Server) ListenAndServe() error {
	l, err := net.Listen("tcp", s.opts.Addr)
	if err != nil {
		return err
	}
	return s.Serve(l)
}

// Shutdown stops the HTTP server gracefully, then closes the store.
func (s *Server) Shutdown(ctx context.Context) error {
	s.srvMu.Lock()
	hs := s.httpSrv
	s.srvMu.Unlock()
	if hs != nil {
		if err := hs.Shutdown(ctx); err != nil {
			return err
		}
	}
	return s.Close()
}

// Close stops serving and closes the store. It is safe to call twice.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.srvMu.Lock()
		s.closed = true
		hs := s.httpSrv
		s.srvMu.Unlock()
		if hs != nil {
			hs.Close()
		}
		s.client.CloseIdleConnections()
		s.closeErr = s.st.kv.close()
	})
	return s.closeErr
}

// AllowOrigin adds origins to the allowed ones while the server runs, for
// pages whose address is known only after the sandbox started.
func (s *Server) AllowOrigin(origins ...string) {
	s.originsMu.Lock()
	defer s.originsMu.Unlock()
	next := slices.Clone(*s.origins.Load())
	for _, o := range origins {
		next = append(next, strings.TrimRight(strings.TrimSpace(o), "/"))
	}
	s.origins.Store(&next)
}

// AppKey returns the app key callers must present.
func (s *Server) AppKey() string { return s.opts.AppKey }

// Hash returns the hash that authenticates userID with this server.
func (s *Server) Hash(userID string) string { return authhash.Compute(s.opts.AppSecret, userID) }

// Calls returns userID's executed function calls, oldest first.
func (s *Server) Calls(userID string) ([]Call, error) { return s.st.calls(userID) }

// DataFile returns the database file's path, or "" in memory mode.
func (s *Server) DataFile() string {
	if s.opts.Memory {
		return ""
	}
	return filepath.Join(s.opts.DataDir, "sandbox.db")
}

// now is the sandbox clock in UTC, to the millisecond (modified_at keeps
// that precision so accounts sort by it).
func (s *Server) now() time.Time { return s.opts.Clock().UTC().Truncate(time.Millisecond) }

// base returns the public base URL for r.
func (s *Server) base(r *http.Request) string {
	if u := s.baseURL.Load(); u != nil {
		return *u
	}
	return "http://" + r.Host
}

// internal returns where the providers are reached from inside.
func (s *Server) internal(r *http.Request) string {
	if u := s.internalURL.Load(); u != nil {
		return *u
	}
	return "http://" + r.Host
}
