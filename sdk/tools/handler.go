package tools

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"sync"

	"github.com/integry-go/integry/sdk"
)

// Call is one tool call a model made, whatever its format.
type Call struct {
	// ID is the provider's ID of the call (tool_call_id, call_id,
	// tool_use id, functionCall id); the result carries it back. Gemini's
	// calls may have none.
	ID string
	// Name is the tool's name.
	Name string
	// Arguments is a JSON object ({} when the model sent none).
	Arguments json.RawMessage

	argErr string // the arguments were not a JSON object
}

// Result is what one call gave the model.
type Result struct {
	Call Call
	// Content is the JSON object the model reads: for an executed call
	// {"network_code", "output"[, "_cursor", "next_page"]}; otherwise
	// {"error"[, "error_details"][, "code"][, "how_to_connect"]}.
	Content json.RawMessage
	// IsError is true when the function did not run or failed to: also
	// when it ran and the app refused it (a network_code of 400 or more),
	// so that the model reads the app's reason as an error to act on.
	IsError bool
	// Cursor is the next page's cursor, empty on the last page.
	Cursor string
	// CallResult is Integry's answer, nil when no call was made.
	CallResult *sdk.CallResult
	// Err is the coded error of a call that got no answer, or the reason
	// no call was made.
	Err error
}

// Run calls the tool a model asked for and never fails: whatever goes
// wrong becomes a Result with IsError, which the model can read and act on.
//
// The arguments go to [sdk.Client.CallFunction] with the Set's connected
// account and variables. "_cursor" (and "cursor", as Integry's Python
// client accepts from LangChain) goes back inside the arguments, where
// Integry reads a paginated function's cursor.
func (s *Set) Run(ctx context.Context, call Call) Result {
	r := Result{Call: call}
	t, ok := s.byName[call.Name]
	if !ok {
		return r.fail(errors.New("unknown tool "+strconv.Quote(call.Name)), "")
	}
	if call.argErr != "" {
		return r.fail(errors.New(call.argErr), "invalid_argument")
	}
	args, err := s.arguments(t, call.Arguments)
	if err != nil {
		return r.fail(err, "invalid_argument")
	}
	o := &sdk.CallOptions{ConnectedAccountID: s.opts.ConnectedAccountID, AllowWorkspace: s.opts.AllowWorkspace}
	if id := s.opts.ConnectedAccounts[t.App]; id != "" && t.App != "" {
		o.ConnectedAccountID = id
	}
	if len(s.opts.Variables) > 0 {
		o.Variables = s.opts.Variables
	}
	res, err := s.client.CallFunction(ctx, t.Function, args, o)
	if err != nil {
		r.Err = err
		r.IsError = true
		content := obj("error", err.Error(), "code", string(sdk.CodeOf(err)))
		if errors.Is(err, sdk.ErrNotConnected) {
			content.set("how_to_connect", s.connectHint(ctx, t))
		}
		r.Content = mustJSON(content)
		return r
	}
	r.CallResult = res
	if !res.Executed {
		r.IsError = true
		r.Err = res.Err()
		content := obj("error", res.Error)
		if res.ErrorDetails != nil {
			content.set("error_details", json.RawMessage(res.ErrorDetails.JSON()))
		}
		if errors.Is(r.Err, sdk.ErrNotConnected) {
			content.set("how_to_connect", s.connectHint(ctx, t))
		}
		r.Content = mustJSON(content)
		return r
	}
	if code, err := strconv.Atoi(res.NetworkCode); err == nil && code >= 400 {
		r.IsError = true
	}
	content := obj("network_code", res.NetworkCode)
	if res.Output != nil {
		content.set("output", json.RawMessage(res.Output.JSON()))
	} else {
		content.set("output", nil)
	}
	if res.NextPage != "" {
		r.Cursor = res.NextPage
		content.set("_cursor", res.NextPage)
		content.set("next_page", "There are more results: call "+t.Name+" again with the same arguments and \"_cursor\": "+strconv.Quote(res.NextPage)+".")
	}
	r.Content = mustJSON(content)
	return r
}

// fail is a Result for a call that was not made.
func (r Result) fail(err error, code string) Result {
	r.Err = err
	r.IsError = true
	c := obj("error", err.Error())
	if code != "" {
		c.set("code", code)
	}
	r.Content = mustJSON(c)
	return r
}

// arguments checks a call's arguments and readies them for Integry.
func (s *Set) arguments(t *Tool, raw json.RawMessage) ([]byte, error) {
	if len(raw) == 0 {
		return []byte("{}"), nil
	}
	v, err := parse(raw)
	if v == nil && err == nil {
		return []byte("{}"), nil
	}
	args, ok := v.(*object)
	if err != nil || !ok {
		return nil, errors.New("the arguments must be a JSON object")
	}
	if c, ok := args.get("cursor"); ok && t.Paged {
		if _, has := args.get("_cursor"); !has {
			args.set("_cursor", c)
		}
		if _, declared := t.schema.obj("properties").get("cursor"); !declared {
			args.del("cursor")
		}
	}
	if c, ok := args.get("_cursor"); ok && (c == nil || c == "") {
		args.del("_cursor") // the first page
	}
	for name := range t.asText { // Gemini sent an object as JSON text
		if sv, ok := args.get(name); ok {
			if str, ok := sv.(string); ok {
				if o, err := parse([]byte(str)); err == nil {
					if _, isObj := o.(*object); isObj {
						args.set(name, o)
					}
				}
			}
		}
	}
	return mustJSON(args), nil
}

// connectHint tells the model how the user connects t's app.
func (s *Set) connectHint(ctx context.Context, t *Tool) string {
	if s.opts.ConnectHint != nil {
		return s.opts.ConnectHint(ctx, t.App)
	}
	app := t.app
	if app == nil && t.App != "" {
		app, _ = s.client.GetApp(ctx, t.App)
	}
	if app == nil || app.LoginURL == "" {
		return "The user must connect this function's app to Integry first (the app's connect flow, e.g. connect() in Integry's SDK), then call " + t.Name + " again."
	}
	title := app.Title
	if title == "" {
		title = app.Name
	}
	return "The user has not connected " + title + ". Ask them to open " + app.LoginURL +
		" in a browser and allow access, then call " + t.Name + " again."
}

// RunAll runs calls at the same time, at most Options.Parallel at once, and
// returns their results in the calls' order.
func (s *Set) RunAll(ctx context.Context, calls []Call) []Result {
	out := make([]Result, len(calls))
	sem := make(chan struct{}, s.opts.Parallel)
	var wg sync.WaitGroup
	for i, c := range calls {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			out[i] = s.Run(ctx, c)
		}()
	}
	wg.Wait()
	return out
}

// Handle runs the tool calls in a model's answer and returns the tool
// results in the same format, ready to append to the conversation. It
// takes the provider's whole response or the part that holds the calls:
//
//	OpenAIChat       a chat completion, its message, or its tool_calls
//	OpenAIResponses  a response, or its output items
//	Anthropic        a message, or its content blocks
//	Gemini           a GenerateContentResponse, a content, or its parts
//	JSONSchema       [{"id"?, "name", "arguments"}] or one such object
//
// and returns
//
//	OpenAIChat       [{"role":"tool","tool_call_id","content"}]
//	OpenAIResponses  [{"type":"function_call_output","call_id","output"}]
//	Anthropic        {"role":"user","content":[{"type":"tool_result","tool_use_id","content","is_error"?}]}
//	Gemini           {"role":"user","parts":[{"functionResponse":{"id"?,"name","response"}}]}
//	JSONSchema       [{"id"?, "name", "content", "is_error"}]
//
// The calls run in parallel. An answer without tool calls returns nil
// results and no error; only an answer that is not the format's JSON is an
// error. Errors of the calls themselves are results (see [Set.Run]).
func (s *Set) Handle(ctx context.Context, f Format, modelOutput []byte) (json.RawMessage, []Result, error) {
	calls, err := ParseCalls(f, modelOutput)
	if err != nil || len(calls) == 0 {
		return nil, nil, err
	}
	results := s.RunAll(ctx, calls)
	out, err := FormatResults(f, results)
	return out, results, err
}
