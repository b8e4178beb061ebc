package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/integry-go/integry/internal/jsonx"
)

// mustMarshal encodes values the sandbox builds itself (never user input
// with unsupported types), so an error is a programming mistake.
func mustMarshal(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// tree decodes JSON the sandbox wrote or has validated into the module's
// ordered tree (docs/design.md#duplicate-keys), so bad JSON here is a
// programming mistake.
func tree(b []byte) *jsonx.Value {
	v, err := jsonx.Parse(b)
	if err != nil {
		panic(err)
	}
	return v
}

// treeOf is v as a tree: a tree as it is, anything else through
// encoding/json.
func treeOf(v any) *jsonx.Value {
	if t, ok := v.(*jsonx.Value); ok {
		return t
	}
	return tree(mustMarshal(v))
}

// ordered builds an object from key, value pairs, in that order, so
// provider bodies read like the real APIs' (and the seed's samples).
func ordered(kv ...any) *jsonx.Value {
	o := &jsonx.Value{Kind: jsonx.Object}
	for i := 0; i+1 < len(kv); i += 2 {
		o.Set(kv[i].(string), treeOf(kv[i+1]))
	}
	return o
}

// isObject reports whether b is one JSON object, at most jsonx.MaxDepth
// levels deep.
func isObject(b []byte) bool { return jsonx.Valid(b) == nil && jsonx.KindOf(b) == jsonx.Object }

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"detail":"Internal error while encoding the response."}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}

// detail writes a DRF-style error body.
func detail(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"detail": msg})
}

// readBody reads at most limit bytes of the body (413 past it). A JSON body
// nested deeper than jsonx.MaxDepth is refused here too, for every route:
// 400, naming the limit (docs/protocol.md#sandbox-choices).
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, bool) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			detail(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("The body is larger than %d bytes.", limit))
		} else {
			detail(w, http.StatusBadRequest, "Could not read the request body.")
		}
		return nil, false
	}
	if jsonx.Valid(b) == jsonx.ErrDepth {
		detail(w, http.StatusBadRequest, "The body is "+jsonx.TooDeep+".")
		return nil, false
	}
	return b, true
}

func (s *Server) internalError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("internal error", "path", r.URL.Path, "err", err)
	detail(w, http.StatusInternalServerError, "Internal sandbox error.")
}
