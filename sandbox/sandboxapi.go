package sandbox

import (
	"net"
	"net/http"
	"strings"
)

func (s *Server) sandboxAPI(w http.ResponseWriter, r *http.Request, what, id string) {
	switch what {
	case "health":
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "apps": len(s.cat.apps), "functions": len(s.cat.fns)})
	case "calls":
		s.api(w, r, []string{"GET"}, func(w http.ResponseWriter, r *http.Request, user string) {
			calls, err := s.st.calls(user)
			if err != nil {
				s.internalError(w, r, err)
				return
			}
			writeJSON(w, http.StatusOK, map[string]any{"calls": calls})
		})
	case "session":
		if !isLoopback(r) {
			detail(w, http.StatusForbidden, "The demo session is only available from this machine.")
			return
		}
		// A hash for any user: only for the sandbox's own pages and
		// exactly allowed origins ("*" is not enough).
		if origin, foreign := s.crossOrigin(r, false); foreign {
			s.refuseCrossOrigin(w, r, origin)
			return
		}
		user := strings.TrimSpace(r.URL.Query().Get("user_id"))
		if user == "" {
			user = "demo-user"
		}
		writeJSON(w, http.StatusOK, map[string]string{"appKey": s.opts.AppKey, "userId": user, "hash": s.Hash(user), "baseUrl": s.base(r)})
	case "faults":
		s.faultsAPI(w, r, id)
	case "triggers": // the flows' triggers: flowruns.go
		s.api(w, r, []string{"GET"}, s.listTriggers)
	case "reset":
		s.resetAPI(w, r)
	default:
		detail(w, http.StatusNotFound, "Not found.")
	}
}

// isLoopback reports whether the request came from this machine.
func isLoopback(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
