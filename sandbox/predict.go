package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/integry-go/integry/internal/jsonx"
)

// functions/predict (E7) and the arguments functions/get suggests, by
// keyword scoring: no model, the same answer every time, and right for the
// examples of Integry's REST reference (docs/protocol-additions.md).

// stopWords are too common to say anything about a function.
var stopWords = map[string]bool{"the": true, "and": true, "for": true, "with": true, "from": true, "into": true, "that": true, "this": true, "all": true}

// words lowercases s and splits it into words of 3+ letters, minus stop words.
func words(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		if len(w) >= 3 && !stopWords[w] {
			out = append(out, w)
		}
	}
	return out
}

// verbs tell what a prompt wants done: an action (ACTION functions) or
// something read (QUERY functions).
var verbs = map[string]string{
	"send": "ACTION", "post": "ACTION", "create": "ACTION", "add": "ACTION", "invite": "ACTION",
	"update": "ACTION", "delete": "ACTION", "write": "ACTION", "make": "ACTION",
	"get": "QUERY", "list": "QUERY", "read": "QUERY", "fetch": "QUERY", "show": "QUERY",
	"find": "QUERY", "search": "QUERY", "what": "QUERY",
}

// score is the keyword score of f for the prompt's words: 3 per word in
// the function's name, 2 in its app's title, 1 in its description, and 2
// when a verb of the prompt asks for f's type ("send …" for an ACTION). A
// word counts once however often the prompt says it ("contact … the
// contact's details" does not make a contacts function win over a
// messages one).
func (f *CatalogFunction) score(prompt []string) int {
	name := map[string]bool{}
	for _, w := range words(f.Name + " " + f.Title) {
		name[strings.TrimSuffix(w, "s")] = true
	}
	desc := map[string]bool{}
	for _, w := range words(f.Description) {
		desc[strings.TrimSuffix(w, "s")] = true
	}
	app := strings.ToLower(f.app.Title)
	n := 0
	seen := map[string]bool{}
	for _, w := range prompt {
		w = strings.TrimSuffix(w, "s")
		if seen[w] {
			continue
		}
		seen[w] = true
		if t := verbs[w]; t != "" && t == f.Type && !seen[t] {
			seen[t] = true
			n += 2
		}
		switch {
		case name[w]:
			n += 3
		case strings.Contains(app, w):
			n += 2
		case desc[w]:
			n++
		}
	}
	return n
}

// choice is a value a parameter can take: its ID and what a person calls it.
type choice struct {
	id    any
	label string
}

// sourceFunctionRE finds the function a data_source URL calls.
var sourceFunctionRE = regexp.MustCompile(`/functions/([^/?]+)/call/?`)

// sourceChoices are the entries of the sandbox's data sources that are the
// same for every account (the fake providers' fixed lists), by the
// function that serves them.
var sourceChoices = map[string]func() []choice{
	"slack-list-conversations": func() []choice {
		var out []choice
		for _, c := range slackChannels {
			out = append(out, choice{c.ID, c.Name})
		}
		return out
	},
	"slack-list-users": func() []choice {
		var out []choice
		for _, u := range slackUsers {
			out = append(out, choice{u.ID, u.RealName})
		}
		return out
	},
	"pipedrive-get-all-users": func() []choice {
		var out []choice
		for _, u := range pipedriveUsers {
			out = append(out, choice{u.ID, u.Name})
		}
		return out
	},
}

// choices returns what each property of f can take, when the catalog says:
// its enum, its static options, or a data source of the sandbox's own.
func (f *CatalogFunction) choices() map[string][]choice {
	var params struct {
		Properties map[string]struct {
			Enum []any `json:"enum"`
			Meta struct {
				UI struct {
					Field struct {
						Options []struct {
							ID    any    `json:"id"`
							Value string `json:"value"`
						} `json:"options"`
						DataSource struct {
							URL string `json:"url"`
						} `json:"data_source"`
					} `json:"ui_field"`
				} `json:"ui"`
			} `json:"meta"`
		} `json:"properties"`
	}
	d := json.NewDecoder(bytes.NewReader(f.Parameters))
	d.UseNumber()
	_ = d.Decode(&params) // the catalog was checked when it loaded
	out := map[string][]choice{}
	for name, p := range params.Properties {
		var cs []choice
		for _, o := range p.Meta.UI.Field.Options {
			cs = append(cs, choice{o.ID, o.Value})
		}
		for _, e := range p.Enum {
			if s, ok := e.(string); ok {
				cs = append(cs, choice{s, s})
			}
		}
		if m := sourceFunctionRE.FindStringSubmatch(p.Meta.UI.Field.DataSource.URL); m != nil && sourceChoices[m[1]] != nil {
			cs = append(cs, sourceChoices[m[1]]()...)
		}
		if len(cs) > 0 {
			out[name] = cs
		}
	}
	return out
}

// mentions reports whether every word of label is among the prompt's
// words: "random" in "…on Slack on random…".
func mentions(prompt map[string]bool, label string) bool {
	ws := strings.FieldsFunc(strings.ToLower(label), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	if len(ws) == 0 {
		return false
	}
	for _, w := range ws {
		if !prompt[w] {
			return false
		}
	}
	return true
}

// suggestArguments fills in arguments the way the REST reference describes:
//   - a parameter named like one of the _variables gets its reference tag
//     ("{first_name}"), which the call endpoint substitutes later;
//   - with a prompt, a parameter whose choices (enum, options or the
//     sandbox's data source) include one the prompt names gets it: the
//     option's name for a string parameter (the reference's channel
//     "random"), its ID otherwise;
//   - with a prompt, the first required string parameter still empty gets
//     the message: the prompt, then one "Name: {tag}" line per variable.
func (f *CatalogFunction) suggestArguments(prompt string, vars map[string]any) *jsonx.Value {
	out := &jsonx.Value{Kind: jsonx.Object}
	said := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(prompt), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		said[w] = true
	}
	choices := map[string][]choice{}
	if prompt != "" {
		choices = f.choices()
	}
	var message string
	for _, p := range f.schema.Properties {
		if _, ok := vars[p.Name]; ok {
			out.Set(p.Name, treeOf("{"+p.Name+"}"))
			continue
		}
		picked := false
		for _, c := range choices[p.Name] {
			if mentions(said, c.label) {
				v := c.id
				if p.Schema.Type == "string" {
					v = c.label
				}
				out.Set(p.Name, treeOf(v))
				picked = true
				break
			}
		}
		if !picked && prompt != "" && message == "" && p.Schema.Type == "string" && slices.Contains(f.schema.Required, p.Name) {
			message = p.Name
		}
	}
	if message != "" {
		text := prompt
		names := make([]string, 0, len(vars))
		for k := range vars {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			text += "\n" + titleCase(k) + ": {" + k + "}"
		}
		out.Set(message, treeOf(text))
	}
	return out
}

// predict answers E7: the functions whose names and descriptions best match
// the prompt's keywords, best first (at most 3; ties by name), with
// suggested arguments when predict_arguments is true.
func (s *Server) predict(w http.ResponseWriter, r *http.Request, user string) {
	body, ok := readBody(w, r, 64<<10)
	if !ok {
		return
	}
	var in struct {
		Prompt    any            `json:"prompt"`
		Variables map[string]any `json:"_variables"`
	}
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if len(bytes.TrimSpace(body)) > 0 {
		if err := d.Decode(&in); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"prompt": "Must be a non-empty string"})
			return
		}
	}
	prompt, _ := in.Prompt.(string)
	if strings.TrimSpace(prompt) == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"prompt": "Must be a non-empty string"})
		return
	}
	q := r.URL.Query()
	accs, err := s.st.accounts(user, "")
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	type hit struct {
		f *CatalogFunction
		n int
	}
	var hits []hit
	pw := words(prompt)
	for _, f := range s.cat.fns {
		if queryBool(q, "connected_only") && f.app.Auth != AuthNone && !hasApp(accs, f.app.Name) {
			continue
		}
		if n := f.score(pw); n > 0 {
			hits = append(hits, hit{f, n})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].n != hits[j].n {
			return hits[i].n > hits[j].n
		}
		return hits[i].f.Name < hits[j].f.Name
	})
	if len(hits) > 3 {
		hits = hits[:3]
	}
	out := []*jsonx.Value{}
	for _, h := range hits {
		var args *jsonx.Value
		if queryBool(q, "predict_arguments") {
			args = h.f.suggestArguments(prompt, in.Variables)
		}
		out = append(out, h.f.signature(s.base(r), includes(q, "meta"), s.metaApp(r, user, h.f.app, accs), args))
	}
	writeJSON(w, http.StatusOK, map[string]any{"functions": out})
}
