package tools

import (
	"context"
	"encoding/json"
	"errors"
	"hash/fnv"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/integry-go/integry/sdk"
)

// Format is a model provider's shape of tool definitions, tool calls and
// tool results (docs/mcp.md#formats).
type Format string

// The formats a [Set] speaks.
const (
	// OpenAIChat is OpenAI's Chat Completions: tools of type "function",
	// assistant tool_calls, and messages of role "tool".
	OpenAIChat Format = "openai-chat"
	// OpenAIResponses is OpenAI's Responses API: function tools,
	// function_call output items and function_call_output input items.
	OpenAIResponses Format = "openai-responses"
	// Anthropic is Anthropic's Messages API: tools with input_schema,
	// tool_use content blocks and tool_result blocks.
	Anthropic Format = "anthropic"
	// Gemini is Google's Gemini API: functionDeclarations, functionCall
	// parts and functionResponse parts.
	Gemini Format = "gemini"
	// JSONSchema is no provider's: {name, description, parameters} with a
	// plain JSON Schema, calls {id, name, arguments} and results
	// {id, name, content, is_error}; for frameworks that take those.
	JSONSchema Format = "json-schema"
)

// Formats lists every Format.
var Formats = []Format{OpenAIChat, OpenAIResponses, Anthropic, Gemini, JSONSchema}

// Limits every provider accepts (docs/mcp.md#limits): the strictest of
// each, so that one name works everywhere.
const (
	// MaxNameLen is Gemini's 63 (OpenAI and Anthropic allow 64).
	MaxNameLen = 63
	// MaxDescriptionLen is OpenAI's 1024 characters for a function's
	// description; Anthropic and Gemini document none.
	MaxDescriptionLen = 1024
)

// Tool is one Integry function as a tool.
type Tool struct {
	// Name is the tool's name for every provider: letters, digits, "_"
	// and "-", starting with a letter or "_", at most MaxNameLen long. It
	// is the function's own name whenever that already fits.
	Name string
	// Function is the Integry function the tool calls.
	Function string
	// Description is the function's, cut to MaxDescriptionLen characters.
	Description string
	// App and Type come from the signature's meta (include=meta); empty
	// without it.
	App, Type string
	// Paged says the tool takes a _cursor, for functions that may return
	// pages: every QUERY function, and every function whose type is not
	// known.
	Paged bool
	// Schema is the input's JSON Schema, cleaned of Integry's form hints.
	Schema json.RawMessage

	schema *object
	gemini *object
	asText map[string]bool // top-level properties Gemini sends as JSON text
	app    *sdk.App        // meta.app, when the signature has it
}

// Options are how a [Set] calls functions.
type Options struct {
	// ConnectedAccountID picks the account of every call (needed when the
	// user connected several accounts of an app).
	ConnectedAccountID string
	// ConnectedAccounts picks an account by app name; it wins over
	// ConnectedAccountID.
	ConnectedAccounts map[string]string
	// Variables, a JSON object, go with every call as _variables: the
	// values of the "{name}" tags that predicted arguments hold.
	Variables json.RawMessage
	// AllowWorkspace lets calls use the workspace's connected accounts.
	AllowWorkspace bool
	// Parallel is how many calls of one model turn run at once; 0 means 4.
	Parallel int
	// ConnectHint tells the model how the user connects an app that is not
	// connected; nil means the app's login_url (a page where the user
	// allows access), looked up with GetApp.
	ConnectHint func(ctx context.Context, app string) string
}

// Set is a group of tools over one user's client: the definitions to send
// to a model, and the handler of the model's calls. It is safe for
// concurrent use.
type Set struct {
	client *sdk.Client
	opts   Options
	tools  []*Tool
	byName map[string]*Tool
}

// New makes a tool of each function. fns come from ListFunctions,
// Functions, PredictFunctions or GetFunction; with include=meta the tools
// know their app and type.
func New(client *sdk.Client, fns []sdk.Function, opts *Options) (*Set, error) {
	if client == nil {
		return nil, errors.New("tools: nil client")
	}
	s := &Set{client: client, byName: map[string]*Tool{}}
	if opts != nil {
		s.opts = *opts
	}
	if s.opts.Parallel <= 0 {
		s.opts.Parallel = 4
	}
	if len(s.opts.Variables) > 0 {
		if v, err := parse(s.opts.Variables); err != nil {
			return nil, errors.New("tools: Variables must be a JSON object")
		} else if _, ok := v.(*object); !ok {
			return nil, errors.New("tools: Variables must be a JSON object")
		}
	}
	for _, f := range fns {
		t, err := newTool(f)
		if err != nil {
			return nil, err
		}
		if _, dup := s.byName[t.Name]; dup {
			t.Name = uniqueName(t.Name, f.Name)
		}
		if _, dup := s.byName[t.Name]; dup {
			return nil, errors.New("tools: function " + f.Name + " is given twice")
		}
		s.byName[t.Name] = t
		s.tools = append(s.tools, t)
	}
	return s, nil
}

func newTool(f sdk.Function) (*Tool, error) {
	t := &Tool{Function: f.Name, Name: ToolName(f.Name), Description: Describe(f.Description)}
	if f.Meta != nil && f.Meta.Kind() == sdk.KindObject {
		t.Type = text(f.Meta.Get("type"))
		if a := f.Meta.Get("app"); a != nil && a.Kind() == sdk.KindObject {
			if app, err := sdk.AppOf(a); err == nil {
				t.app = app
				t.App = app.Name
			}
		}
	}
	var params node = &object{}
	if f.Parameters != nil {
		p, err := parse(f.Parameters.JSON())
		if err != nil {
			return nil, errors.New("tools: " + f.Name + ": parameters: " + err.Error())
		}
		params = p
	}
	t.schema = cleanSchema(params)
	rootSchema(t.schema)
	t.Paged = t.Type != "ACTION"
	if props := t.schema.obj("properties"); t.Paged {
		if _, has := props.get("_cursor"); !has {
			props.set("_cursor", cursorProperty())
		}
	}
	t.Schema = mustJSON(t.schema)
	t.asText = map[string]bool{}
	t.gemini = geminiSchema(t.schema, true, t.asText)
	return t, nil
}

func text(d sdk.Doc) string {
	if d == nil {
		return ""
	}
	return d.Text()
}

// ToolName makes a function name a tool name every provider accepts:
// characters other than letters, digits, "_" and "-" become "_", a name
// that does not start with a letter or "_" gets a "_" in front, and a name
// longer than MaxNameLen is cut and ends with a hash of the whole, so that
// two long names stay apart. Integry's names ("slack-post-message") pass
// unchanged.
func ToolName(fn string) string {
	var b strings.Builder
	for _, r := range fn {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	name := b.String()
	if name == "" || !(name[0] == '_' || name[0] >= 'a' && name[0] <= 'z' || name[0] >= 'A' && name[0] <= 'Z') {
		name = "_" + name
	}
	if len(name) > MaxNameLen {
		h := hashOf(fn)
		name = name[:MaxNameLen-len(h)-1] + "_" + h
	}
	return name
}

// uniqueName is used when two functions clean to the same name.
func uniqueName(name, fn string) string {
	h := hashOf(fn)
	if len(name)+len(h)+1 > MaxNameLen {
		name = name[:MaxNameLen-len(h)-1]
	}
	return name + "_" + h
}

func hashOf(s string) string {
	h := fnv.New32a()
	h.Write([]byte(s))
	return strconv.FormatUint(uint64(h.Sum32()), 36)
}

// Describe cuts a description to MaxDescriptionLen characters (runes),
// ending a cut one with "…".
func Describe(d string) string {
	d = strings.TrimSpace(d)
	if utf8.RuneCountInString(d) <= MaxDescriptionLen {
		return d
	}
	r := []rune(d)
	return strings.TrimSpace(string(r[:MaxDescriptionLen-1])) + "…"
}

// Tools returns the set's tools, in the order of the functions given to New.
func (s *Set) Tools() []Tool {
	out := make([]Tool, len(s.tools))
	for i, t := range s.tools {
		out[i] = *t
	}
	return out
}

// Tool returns the tool of that name (a tool name, which is the function's
// name for Integry's functions).
func (s *Set) Tool(name string) (Tool, bool) {
	t, ok := s.byName[name]
	if !ok {
		return Tool{}, false
	}
	return *t, true
}

// Definitions returns the tools as the provider's request takes them, the
// value of its "tools" field:
//
//	OpenAIChat       [{"type":"function","function":{"name","description","parameters","strict":false}}]
//	OpenAIResponses  [{"type":"function","name","description","parameters","strict":false}]
//	Anthropic        [{"name","description","input_schema"}]
//	Gemini           [{"functionDeclarations":[{"name","description","parameters"?}]}]
//	JSONSchema       [{"name","description","parameters"}]
//
// strict is false: Integry's schemas have optional parameters, which
// OpenAI's strict mode does not allow (the Responses API is strict unless
// told otherwise). Gemini gets its OpenAPI subset and no parameters for a
// function that has none.
func (s *Set) Definitions(f Format) (json.RawMessage, error) {
	out := []any{}
	var decls []any
	for _, t := range s.tools {
		switch f {
		case OpenAIChat:
			out = append(out, obj("type", "function", "function", obj(
				"name", t.Name, "description", t.Description, "parameters", t.schema, "strict", false)))
		case OpenAIResponses:
			out = append(out, obj("type", "function", "name", t.Name, "description", t.Description,
				"parameters", t.schema, "strict", false))
		case Anthropic:
			out = append(out, obj("name", t.Name, "description", t.Description, "input_schema", t.schema))
		case Gemini:
			d := obj("name", t.Name, "description", t.Description)
			if p := t.gemini.obj("properties"); p != nil && len(p.members) > 0 {
				d.set("parameters", t.gemini)
			}
			decls = append(decls, d)
		case JSONSchema:
			out = append(out, obj("name", t.Name, "description", t.Description, "parameters", t.schema))
		default:
			return nil, errors.New("tools: unknown format " + strconv.Quote(string(f)))
		}
	}
	if f == Gemini {
		if decls == nil {
			decls = []any{}
		}
		out = append(out, obj("functionDeclarations", decls))
	}
	return mustJSON(out), nil
}

// obj builds an object from key, value pairs.
func obj(kv ...any) *object {
	o := &object{}
	for i := 0; i+1 < len(kv); i += 2 {
		o.set(kv[i].(string), kv[i+1])
	}
	return o
}
