package sandbox

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// segments splits the escaped path into decoded segments, dropping empty
// ones: "/x", "/x/" and "//x" are the same route, and nothing redirects.
func segments(r *http.Request) ([]string, error) {
	var out []string
	for _, p := range strings.Split(r.URL.EscapedPath(), "/") {
		if p == "" {
			continue
		}
		d, err := url.PathUnescape(p)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	seg, err := segments(r)
	if err != nil {
		detail(w, http.StatusBadRequest, "Malformed path.")
		return
	}
	n := len(seg)
	switch {
	case n == 2 && seg[0] == "_sandbox":
		s.sandboxAPI(w, r, seg[1], "")
		return
	case n == 3 && seg[0] == "_sandbox" && seg[1] == "faults":
		s.sandboxAPI(w, r, seg[1], seg[2])
		return
	case n == 2 && seg[0] == "icons":
		s.icon(w, r, seg[1])
		return
	case n >= 2 && seg[0] == "providers":
		s.provider(w, r, seg[1], seg[2:])
		return
	case n == 3 && seg[0] == "sandbox" && seg[1] == "login":
		s.login(w, r, seg[2])
		return
	case n == 1 && seg[0] == "verify-sdk-config":
		s.api(w, r, []string{"GET", "POST"}, s.verify)
		return
	case n == 2 && seg[0] == "apps" && seg[1] == "list":
		s.api(w, r, []string{"GET", "POST"}, s.listApps)
		return
	case (n == 3 && seg[0] == "apps" && seg[2] == "get") || (n == 2 && seg[0] == "apps"):
		s.api(w, r, []string{"GET", "POST"}, func(w http.ResponseWriter, r *http.Request, user string) { s.getApp(w, r, user, seg[1]) })
		return
	case n == 2 && seg[0] == "functions" && seg[1] == "list":
		s.api(w, r, []string{"GET", "POST"}, s.listFunctions)
		return
	case n == 2 && seg[0] == "functions" && seg[1] == "predict":
		s.api(w, r, []string{"POST"}, s.predict)
		return
	case n == 3 && seg[0] == "functions" && seg[2] == "get":
		s.api(w, r, []string{"GET", "POST"}, func(w http.ResponseWriter, r *http.Request, user string) { s.getFunction(w, r, user, seg[1]) })
		return
	case n == 3 && seg[0] == "functions" && seg[2] == "call":
		s.api(w, r, []string{"POST"}, func(w http.ResponseWriter, r *http.Request, user string) { s.callFunction(w, r, user, seg[1]) })
		return
	case n == 4 && seg[0] == "api" && seg[1] == "v1" && seg[2] == "sdk" && seg[3] == "flow-apps":
		s.api(w, r, []string{"GET"}, s.flowApps)
		return
	case n == 3 && seg[0] == "api" && seg[1] == "v1" && seg[2] == "app-user-variables":
		s.api(w, r, []string{"GET"}, s.appUserVariables)
		return
	case n == 2 && seg[0] == "connected-accounts":
		s.api(w, r, []string{"DELETE"}, func(w http.ResponseWriter, r *http.Request, user string) { s.deleteAccount(w, r, user, seg[1]) })
		return
	}
	if s.flowRoute(w, r, seg) { // flows and integrations: flowroutes.go
		return
	}
	if s.serveMount(w, r) {
		return
	}
	detail(w, http.StatusNotFound, "Not found.")
}

// api checks the method and the credentials, then runs h for the user.
func (s *Server) api(w http.ResponseWriter, r *http.Request, methods []string, h func(http.ResponseWriter, *http.Request, string)) {
	if !slices.Contains(methods, r.Method) {
		w.Header().Set("Allow", strings.Join(append(methods, "OPTIONS"), ", "))
		detail(w, http.StatusMethodNotAllowed, fmt.Sprintf("Method %q not allowed.", r.Method))
		return
	}
	user, status, msg := s.authenticate(r)
	if status != 0 {
		detail(w, status, msg)
		return
	}
	h(w, r, user)
}
