// Package tools turns Integry functions into the tools of AI models and runs
// the calls the models make.
//
// A [Set] is built from functions (listed, predicted or fetched with
// package sdk's client) and one user's [sdk.Client]:
//
//	fns, _ := client.PredictFunctions(ctx, prompt, &sdk.PredictOptions{IncludeMeta: true})
//	set, _ := tools.New(client, fns, &tools.Options{Variables: vars})
//	defs, _ := set.Definitions(tools.OpenAIChat)         // the request's "tools"
//	msgs, _, _ := set.Handle(ctx, tools.OpenAIChat, resp) // the tool messages to send back
//
// It speaks OpenAI's Chat Completions and Responses APIs, Anthropic's
// Messages API, Google's Gemini API and a plain JSON Schema shape
// ([Format]). Names keep within every provider's rules (letters, digits,
// "_" and "-", at most 63 characters, starting with a letter or "_"),
// descriptions within OpenAI's 1024 characters, and each provider gets a
// schema it accepts: JSON Schema without Integry's form hints, and for
// Gemini the subset of OpenAPI 3.0 it takes. docs/mcp.md has the limits
// with where each provider publishes them.
//
// Calls go through [sdk.Client.CallFunction] with the Set's connected
// account and variables; a paginated function's cursor comes back in the
// result as "_cursor" and goes back as the tool's "_cursor" argument.
// Nothing a call does wrong is a Go error: unknown tools, bad arguments,
// apps not connected (with how to connect them) and Integry's refusals are
// tool results with IsError, which the model reads. The calls of one model
// turn run in parallel.
//
// Unlike package sdk, this package uses encoding/json: it is for servers,
// and the browser bundle does not link it.
package tools
