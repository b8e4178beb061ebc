package sandbox

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"strings"

	"github.com/integry-go/integry/internal/jsonx"
)

// fieldOptions answers GET or POST /template_field/{id}/options/?Q&authorization_id=…:
// the options of a template's SELECT field (its activity_field.data_src),
// for the account the step uses. The official setup form asks it with the
// step's account as authorization_id (a dropdown may send it again as
// connected_account_id) and, when it POSTs, a JSON body the sandbox does
// not need. The options function runs through the same path as a function
// call, so the read is in the call log; the answer is a bare list of
// {"id", "value"}, the shape both of the official form's dropdowns read
// (docs/flows.md#dynamic-fields).
func (s *Server) fieldOptions(w http.ResponseWriter, r *http.Request, user, idText string) {
	id, _ := strconv.ParseInt(idText, 10, 64)
	st := s.flows().step[id/100]
	var field *flowStepField
	if st != nil {
		for i := range st.fields {
			if st.fields[i].id == id && st.fields[i].field.Options != nil {
				field = &st.fields[i]
			}
		}
	}
	if field == nil {
		detail(w, http.StatusNotFound, "Not found.")
		return
	}
	o := field.field.Options
	q := r.URL.Query()
	accText := q.Get("authorization_id")
	if accText == "" || accText == "undefined" || accText == "null" {
		accText = q.Get("connected_account_id")
	}
	cr := &callRequest{fn: o.fn, user: user, args: maps.Clone(o.Args), limit: o.fn.Call.DefaultLimit}
	if cr.args == nil {
		cr.args = map[string]any{}
	}
	if o.fn.app.Auth != AuthNone {
		accID, err := strconv.ParseInt(accText, 10, 64)
		if err != nil {
			detail(w, http.StatusBadRequest, "authorization_id must name the account the step uses.")
			return
		}
		acc, ok, err := s.st.account(user, accID)
		if err != nil {
			s.internalError(w, r, err)
			return
		}
		if !ok || acc.App != o.fn.app.Name {
			detail(w, http.StatusNotFound, fmt.Sprintf("The user has no %s account %d.", o.fn.app.Title, accID))
			return
		}
		cr.account = &acc
	}
	res, err := s.execute(r.Context(), r, cr)
	if err != nil {
		detail(w, http.StatusBadGateway, fmt.Sprintf("The onward call to %s failed: %v", o.fn.app.Title, err))
		return
	}
	if code, _ := strconv.Atoi(res.NetworkCode); code < 200 || code >= 300 {
		detail(w, http.StatusBadGateway, fmt.Sprintf("%s answered %s.", o.fn.app.Title, res.NetworkCode))
		return
	}
	var items []json.RawMessage
	if err := json.Unmarshal(res.Output, &items); err != nil {
		detail(w, http.StatusBadGateway, fmt.Sprintf("%s did not answer a list.", o.fn.app.Title))
		return
	}
	out := []map[string]string{}
	for _, it := range items {
		id, idOK := optionText(it, o.ID)
		label, _ := optionText(it, o.Label)
		if !idOK {
			continue
		}
		if label == "" {
			label = id
		}
		out = append(out, map[string]string{"id": id, "value": label})
	}
	writeJSON(w, http.StatusOK, out)
}

// optionText reads a dotted key path of an item as text: a string as it
// is, a number or boolean as JSON writes it; ok is false for anything else.
func optionText(item json.RawMessage, path string) (string, bool) {
	v := []byte(item)
	for _, k := range strings.Split(path, ".") {
		var err error
		if v, err = jsonx.Get(v, k); err != nil || len(v) == 0 {
			return "", false
		}
	}
	var x any
	if json.Unmarshal(v, &x) != nil {
		return "", false
	}
	switch t := x.(type) {
	case string:
		return t, t != ""
	case float64, bool:
		return string(v), true
	}
	return "", false
}
