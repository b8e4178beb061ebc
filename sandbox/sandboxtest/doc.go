// Package sandboxtest starts a real sandbox (package sandbox) on a loopback
// port for one test, in memory, and closes it when the test ends. It is how
// every other package's tests get an Integry backend.
//
// # A test against the sandbox
//
//	sb := sandboxtest.New(t)                             // http://127.0.0.1:port, memory store
//	id := sb.Connect(t, "user-1", "slack", "jane@acme.com") // an account, no browser needed
//	client := sb.Client(t, "user-1")                     // our *sdk.Client over net/http
//	res, err := client.CallFunction(t.Context(), "slack-post-message",
//		json.RawMessage(`{"channel":"general","text":"hi"}`), nil)
//	calls := sb.Calls(t, "user-1")                       // executed calls, as /_sandbox/calls lists them
//
// sb.URL, sb.AppKey and sb.Hash(userID) are what a page needs: point
// baseUrl and baseAPIUrl (and authBaseUrl) at sb.URL.
//
// # Browser tests
//
// A page on another origin must be allowed, either up front or, when its
// address is known only later, at run time:
//
//	sb := sandboxtest.New(t, sandboxtest.WithAllowOrigins(page.URL),
//		sandboxtest.WithMount("/sdk/", web.Dist()))
//	sb.Server.AllowOrigin(otherPage.URL)
//
// The consent popup then posts its result to that exact origin (see package
// sandbox, "Connecting"). Tests without a browser get the same result with
// [Sandbox.ConnectResult], or [Sandbox.ConnectAccount] from goroutines.
//
// # Faults
//
//	sb.AddFault(t, sandbox.Fault{Path: "/functions/*/call", Status: 503, Fraction: 0.5})
//	sb.AddFault(t, sandbox.Fault{Path: "/apps/*/get", Drop: true})
//	sb.ResetFaults(t)
//
// Helpers that take a testing.TB call t.Fatal on failure, so call them from
// the test's goroutine.
package sandboxtest
