// Package sdk is the pure-Go core of the Integry SDK: the same calls as the
// browser SDK @integry/sdk, usable from a Go server as it is and compiled to
// WebAssembly by the browser build.
//
// # Authenticating
//
// Every call is made for one user. Your server computes that user's hash
// with package sdk/authhash from the app secret, which never leaves the
// server:
//
//	hash := authhash.Compute(appSecret, userID)
//
// # Calling Integry
//
// A [Client] needs a [Config] and a [Transport]. The Config is the one place
// for the credentials, the base URLs, the timeout, the retries and header
// auth; options ([WithTransport], [WithEmitter]…) only plug parts in. On a
// server, sdk/nethttp provides the transport over net/http; in the browser,
// jsbridge provides one over the loader's requests. This package imports
// neither net/http nor syscall/js.
//
// Answers are read through [Doc], a view of a JSON value: over a tree parsed
// in Go on servers ([ParseDoc]), and over the value the browser parsed in
// the bundle, so a body never crosses into Go whole (docs/design.md#bodies).
//
//	client, err := nethttp.NewClient(sdk.Config{AppKey: key, Hash: hash, UserID: userID})
//	res, err := client.CallFunction(ctx, "slack-post-message",
//		json.RawMessage(`{"channel":"general","text":"hello"}`), nil)
//
// A call has two documented outcomes, both a [*CallResult]: executed
// (res.Executed, with NetworkCode and Output, even when the onward call
// failed) and refused (res.Error, res.ErrorDetails). Everything else is an
// [*Error] with a stable [Code]; switch on it with [errors.Is] and the
// sentinels, or with [CodeOf].
//
// Paginated functions are iterated with [Client.CallPages], which passes
// next_page back and stops on an empty cursor or an empty page; apps with
// [Client.Apps]; the function catalog with [Client.Functions].
//
// # Functions for AI agents
//
// [Client.PredictFunctions] asks which functions fit a prompt, with
// suggested arguments; [Client.GetFunction] with a Prompt suggests one
// function's. Package sdk/tools turns functions into the tool definitions
// of the model providers and runs a model's tool calls (docs/mcp.md).
//
// # Events and connecting
//
// Each Client has its own [Emitter]. [Client.Connect] runs the connect flow
// in a [Popup] the caller opened and emits app-connected;
// [Client.Disconnect] emits app-disconnected once the server confirms.
//
// The wire contract is docs/protocol.md; each method's doc comment names the
// endpoint it calls, with its anchor there (docs/protocol.md#e6-call-function
// for CallFunction).
package sdk
