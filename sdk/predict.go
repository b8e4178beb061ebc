package sdk

import (
	"context"
	"iter"
	"strings"

	"github.com/integry-go/integry/internal/jsonx"
)

// PredictOptions are the optional parts of [Client.PredictFunctions].
type PredictOptions struct {
	// PredictArguments asks for suggested arguments with each function
	// (predict_arguments=true); they come back in [Function.Arguments].
	PredictArguments bool
	// Variables, a JSON object, are sent as _variables: a parameter named
	// like a variable is suggested as its "{name}" tag.
	Variables []byte
	// ConnectedOnly considers only the functions of apps the user has
	// connected (and apps that need no login).
	ConnectedOnly bool
	// IncludeMeta adds meta (the app, its connected accounts, the type).
	IncludeMeta bool
}

// PredictFunctions asks Integry which functions fit a prompt, best first. It
// returns an empty slice, not an error, when none does.
//
// Wire: POST {apiBaseUrl}/functions/predict/?Q[&predict_arguments=true][&connected_only=true][&include=meta],
// body {"prompt": "…"[, "_variables": {…}]} (docs/protocol.md#e7-predict).
func (c *Client) PredictFunctions(ctx context.Context, prompt string, opts *PredictOptions) ([]Function, error) {
	if strings.TrimSpace(prompt) == "" {
		return nil, InvalidArgument("prompt is required")
	}
	var o PredictOptions
	if opts != nil {
		o = *opts
	}
	body := jsonx.AppendString([]byte(`{"prompt":`), prompt)
	if len(o.Variables) > 0 {
		vars, err := objectOrEmpty("_variables", o.Variables)
		if err != nil {
			return nil, err
		}
		body = append(append(body, `,"_variables":`...), vars...)
	}
	body = append(body, '}')
	r := c.creds(c.newRequest("POST", c.cfg.APIBaseURL, true, "functions", "predict"))
	r.query.flag("predict_arguments", o.PredictArguments)
	r.query.flag("connected_only", o.ConnectedOnly)
	if o.IncludeMeta {
		r.query.add("include", "meta")
	}
	r.jsonBody(body)
	r.idempotent = true // a prediction changes nothing
	d, err := c.send(ctx, r, KindObject)
	if err != nil {
		return nil, err
	}
	out := []Function{}
	err = eachOf(d, "functions", func(e Doc) error {
		f, err := decodeFunction(e)
		if err == nil {
			out = append(out, *f)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Functions iterates over every function that opts selects (app, type,
// connected_only, search, include=meta), page by page through _cursor,
// until the cursor runs out, a page comes back empty or the server sends
// the same cursor twice. opts.Cursor, if set, is where it starts. The
// caller's options are copied, not changed. An error ends the sequence.
func (c *Client) Functions(ctx context.Context, opts *ListFunctionsOptions) iter.Seq2[Function, error] {
	var o ListFunctionsOptions
	if opts != nil {
		o = *opts
	}
	return func(yield func(Function, error) bool) {
		seen := map[string]bool{o.Cursor: true}
		for {
			page, err := c.ListFunctions(ctx, &o)
			if err != nil {
				yield(Function{}, err)
				return
			}
			for _, f := range page.Functions {
				if !yield(f, nil) {
					return
				}
			}
			if page.Cursor == "" || len(page.Functions) == 0 || seen[page.Cursor] {
				return
			}
			seen[page.Cursor] = true
			o.Cursor = page.Cursor
		}
	}
}
