package sandbox

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault makes requests whose path matches Path misbehave: wait LatencyMS,
// then answer Status with a DRF detail, or drop the connection (Drop). Path
// is a path.Match pattern over the request path without its trailing slash
// ("/functions/*/call", "/providers/slack/*/*"); "*" alone matches
// everything. Fraction (0 < f <= 1, default 1) is the share of matching
// requests affected, spread evenly: 0.5 hits every second request, so runs
// are reproducible. /_sandbox/ paths are never affected.
type Fault struct {
	ID        int     `json:"id"`
	Path      string  `json:"path"`
	Method    string  `json:"method,omitempty"` // "" matches every method
	LatencyMS int     `json:"latency_ms,omitempty"`
	Status    int     `json:"status,omitempty"`
	Drop      bool    `json:"drop,omitempty"`
	Fraction  float64 `json:"fraction,omitempty"`
	Hits      int     `json:"hits"` // requests affected so far
}

type faults struct {
	mu     sync.Mutex
	next   int
	list   []*faultState
	active bool
}

type faultState struct {
	Fault
	acc float64
}

func (f *Fault) check() error {
	if f.Path == "" {
		return fmt.Errorf("path is required")
	}
	if f.Path != "*" {
		if _, err := path.Match(f.Path, "/"); err != nil {
			return fmt.Errorf("path is not a valid pattern: %v", err)
		}
	}
	if f.Fraction == 0 {
		f.Fraction = 1
	}
	if f.Fraction < 0 || f.Fraction > 1 {
		return fmt.Errorf("fraction must be in (0, 1]")
	}
	if f.LatencyMS < 0 || f.LatencyMS > 60000 {
		return fmt.Errorf("latency_ms must be between 0 and 60000")
	}
	if f.Status != 0 && (f.Status < 100 || f.Status > 599) {
		return fmt.Errorf("status must be an HTTP status code")
	}
	if f.Drop && f.Status != 0 {
		return fmt.Errorf("drop and status exclude each other")
	}
	if !f.Drop && f.Status == 0 && f.LatencyMS == 0 {
		return fmt.Errorf("a fault needs latency_ms, status or drop")
	}
	f.Method = strings.ToUpper(f.Method)
	return nil
}

// AddFault installs a fault and returns it with its ID.
func (s *Server) AddFault(f Fault) (Fault, error) {
	if err := f.check(); err != nil {
		return Fault{}, err
	}
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.next++
	f.ID, f.Hits = s.faults.next, 0
	s.faults.list = append(s.faults.list, &faultState{Fault: f})
	s.faults.active = true
	return f, nil
}

// Faults lists the installed faults.
func (s *Server) Faults() []Fault {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	out := []Fault{}
	for _, f := range s.faults.list {
		out = append(out, f.Fault)
	}
	return out
}

// RemoveFault removes one fault; false if there was none with that ID.
func (s *Server) RemoveFault(id int) bool {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	for i, f := range s.faults.list {
		if f.ID == id {
			s.faults.list = append(s.faults.list[:i], s.faults.list[i+1:]...)
			s.faults.active = len(s.faults.list) > 0
			return true
		}
	}
	return false
}

// ResetFaults removes every fault.
func (s *Server) ResetFaults() {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.list, s.faults.active = nil, false
}

// pick returns the first fault that fires for this request, counting it.
func (s *Server) pickFault(r *http.Request) *Fault {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	if !s.faults.active {
		return nil
	}
	p := "/" + strings.Trim(r.URL.Path, "/")
	for _, f := range s.faults.list {
		if f.Method != "" && f.Method != r.Method {
			continue
		}
		if f.Path != "*" {
			if ok, _ := path.Match(strings.TrimRight(f.Path, "/"), p); !ok {
				continue
			}
		}
		f.acc += f.Fraction
		if f.acc+1e-9 < 1 {
			continue
		}
		f.acc--
		f.Hits++
		c := f.Fault
		return &c
	}
	return nil
}

// withFaults applies the installed faults before anything else runs.
func (s *Server) withFaults(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/_sandbox/") || r.Method == http.MethodOptions {
			h.ServeHTTP(w, r)
			return
		}
		f := s.pickFault(r)
		if f == nil {
			h.ServeHTTP(w, r)
			return
		}
		s.log.Info("fault injected", "path", r.URL.Path, "fault", f.ID)
		if f.LatencyMS > 0 {
			t := time.NewTimer(time.Duration(f.LatencyMS) * time.Millisecond)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		switch {
		case f.Drop:
			if conn, _, err := hijack(w); err == nil {
				conn.Close()
				return
			}
			panic(http.ErrAbortHandler) // HTTP/2: abort the stream instead
		case f.Status != 0:
			if origin := r.Header.Get("Origin"); s.originAllowed(r, origin) {
				w.Header().Set("Access-Control-Allow-Origin", origin)
			}
			detail(w, f.Status, fmt.Sprintf("Injected fault %d.", f.ID))
		default:
			h.ServeHTTP(w, r)
		}
	})
}

// faultsAPI serves /_sandbox/faults (loopback only): GET lists, POST adds
// one, DELETE resets all, DELETE /_sandbox/faults/{id} removes one.
//
// Changes come only from programs, the sandbox's own pages and exactly
// allowed origins, and a POST must be JSON: a page on another site cannot
// send Content-Type: application/json (nor DELETE) without a CORS
// preflight, which the sandbox refuses for origins it does not allow.
func (s *Server) faultsAPI(w http.ResponseWriter, r *http.Request, id string) {
	if !isLoopback(r) {
		detail(w, http.StatusForbidden, "Fault injection is only available from this machine.")
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		if origin, foreign := s.crossOrigin(r, false); foreign {
			s.refuseCrossOrigin(w, r, origin)
			return
		}
	}
	switch {
	case r.Method == http.MethodGet && id == "":
		writeJSON(w, http.StatusOK, map[string]any{"faults": s.Faults()})
	case r.Method == http.MethodPost && id == "":
		if !isJSON(r) {
			detail(w, http.StatusUnsupportedMediaType, "Send the fault as JSON, with Content-Type: application/json.")
			return
		}
		body, ok := readBody(w, r, 64<<10)
		if !ok {
			return
		}
		var f Fault
		if err := json.Unmarshal(body, &f); err != nil {
			detail(w, http.StatusBadRequest, "JSON parse error - "+err.Error())
			return
		}
		f, err := s.AddFault(f)
		if err != nil {
			detail(w, http.StatusBadRequest, "Invalid fault: "+err.Error())
			return
		}
		writeJSON(w, http.StatusCreated, f)
	case r.Method == http.MethodDelete && id == "":
		s.ResetFaults()
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodDelete:
		n, err := strconv.Atoi(id)
		if err != nil || !s.RemoveFault(n) {
			detail(w, http.StatusNotFound, "Not found.")
			return
		}
		w.WriteHeader(http.StatusNoContent)
	default:
		detail(w, http.StatusMethodNotAllowed, fmt.Sprintf("Method %q not allowed.", r.Method))
	}
}

// isJSON reports whether r's body is declared as JSON.
func isJSON(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "application/json"
}
