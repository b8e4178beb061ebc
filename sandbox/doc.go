// Package sandbox emulates the Integry backend on a laptop or in CI, well
// enough that our SDK and the official @integry/sdk 4.9.37 run against it
// unchanged. Think of stripe-mock, but stateful, with consent pages and fault
// injection. What it answers on the wire, and the endpoints it adds, are in
// docs/protocol.md (docs/protocol.md#sandbox for its own choices); this
// comment is the Go side.
//
// # Starting one
//
//	s, err := sandbox.New(sandbox.Options{DataDir: "./data"}) // or Memory: true
//	defer s.Close()
//	l, _ := net.Listen("tcp", "127.0.0.1:8080")
//	go s.Serve(l) // the base URL becomes http://127.0.0.1:8080
//
// The server needs its public base URL for login_url, icon_url and to reach
// its own fake providers over HTTP. [Server.Serve] learns it from the
// listener; behind something else call [Server.SetBaseURL]. A server that
// knows neither falls back to each request's Host header. In tests use
// package sandboxtest, which does all of this on a loopback port.
//
// The app key and secret default to [DefaultAppKey] and [DefaultAppSecret].
// Callers present app_key, hash and user_id in the query (as the official
// SDK does) or as App-Key, Hash and User-ID headers; the hash is checked in
// constant time with [authhash.Valid]. Missing credentials get 403
// {"detail": "Authentication credentials were not provided."}, wrong ones 403
// {"detail": "Incorrect authentication credentials."}.
//
// # Routes
//
// Every route answers with or without a trailing slash, repeated slashes
// collapse, and nothing ever redirects (docs/protocol.md#trailing-slash):
//
//	GET|POST  /verify-sdk-config/            E1
//	POST|GET  /apps/{app}/get/, /apps/{app}  E2, E9: the app with the user's accounts, newest first
//	POST|GET  /apps/list/                    E3: page_size, search, connected_only, _cursor (query or body)
//	POST|GET  /functions/list/               E4: app, type, connected_only, include=meta, search, page_size, _cursor
//	GET|POST  /functions/{fn}/get/           E5: bare signature; POST adds arguments and, with include=meta, meta
//	POST      /functions/{fn}/call/          E6: see below; also the data sources of dynamic fields
//	POST      /functions/predict/            E7: keyword scoring (predict.go)
//	GET       /api/v1/sdk/flow-apps/         the official marketplace's apps: the catalog without flows
//	GET       /api/v1/app-user-variables/    the official marketplace's user variables: none
//	DELETE    /connected-accounts/{id}       E8: 204, or 404 {"detail": "Not found."} for unknown and foreign IDs
//	GET|POST  /sandbox/login/{app}/          consent page (login_url)
//	*         /providers/{app}/…             the fake third-party APIs
//	GET       /icons/{file}                  app icons
//	GET       /_sandbox/health               200 when ready
//	GET       /_sandbox/calls?Q              the user's executed calls
//	GET       /_sandbox/session?user_id=…    {appKey, userId, hash} for the demo page (loopback, own or allowed origin)
//	GET|POST|DELETE /_sandbox/faults[/{id}]  fault injection (loopback, own or allowed origin, JSON), see [Fault]
//
// Booleans in queries are true as the server libraries spell them (true,
// True, 1), and the additions to the Integry endpoints (data sources,
// _cursor on call results, X-Session-ID, the flow-apps reads) are described
// in docs/protocol-additions.md.
//
// Browsers on an allowed origin ([Options.AllowOrigins], origins added
// later with [Server.AllowOrigin], and the sandbox's own) get their exact
// origin back in Access-Control-Allow-Origin and preflight answers; others
// get no CORS headers, and their preflights a 403 that says which flag to
// pass. (Echoing allowed origins instead of "*" is stricter and works the
// same for both SDKs, which send no cookies: docs/protocol.md#sandbox-cors.)
//
// # Security
//
// The sandbox expects to stay running on a laptop while its owner browses
// the web, so it answers only the host names it was started for
// (localhost, 127.0.0.1, ::1, the hosts of Addr and of the base URL,
// [Options.AllowedHosts]; DNS rebinding), and refuses every request that
// may change state (any method but GET, HEAD and OPTIONS) from a foreign
// or null Origin, before faults and handlers run. A "*" allow entry opens
// the Integry API only: the session, fault changes (which must be JSON)
// and the consent form need the sandbox's own origin or an exactly allowed
// one, and the consent form also its page's token. Requests without Origin
// or Sec-Fetch-Site come from programs, not pages, and pass. The model and
// its reasons are in docs/sandbox-security.md.
//
// # Catalog and providers
//
// The catalog is data: one JSON file per app under catalog/, embedded in the
// binary ([CatalogApp], [CatalogFunction]), replaceable with
// [Options.CatalogDir]. Five apps ship: slack, pipedrive and hubspot (OAuth),
// sendgrid (API key) and open-meteo (no login), with sixteen functions.
// getFunction returns a bare JSON-schema signature (slack-post-message is the
// seed's, field for field); include=meta fills in the meta.ui hints the
// official form reads.
//
// Each app has a fake provider under /providers/{app}/: a small stateful API
// (Pipedrive persons and deals, Slack channels and messages, HubSpot
// contacts, SendGrid mail, Open-Meteo forecasts) whose records belong to the
// connected external account. OAuth providers issue access tokens that
// expire after [Options.TokenTTL] by the sandbox clock ([Options.Clock]) and
// rotate them at /providers/{app}/oauth/token; the SendGrid provider, like
// the real one, accepts any well-formed key ("SG.…") as an account of its
// own. A function call goes:
//
//  1. unknown function → 404 {"detail": "Function not found"};
//  2. body not a JSON object → 400 {"detail": …};
//  3. _variables substituted into {tag} references, next_page/_cursor taken out;
//  4. no connected account (or an unknown connected_account_id, or several
//     accounts and none chosen) → 400 {"error", "error_details": [msg]};
//  5. JSON-schema validation → 400 {"error", "error_details": {param: msg}};
//  6. the onward HTTP call to the provider with the account's bearer token;
//     an expired token is refreshed first at /providers/{app}/oauth/token,
//     and once more if the provider still answers 401;
//  7. 200 {"network_code": "<provider status>", "output": …, "next_page"?},
//     whatever the provider answered (a provider 400 is network_code "400"),
//     and the call goes into the call log. Refused calls never do.
//
// Paginated functions send start/limit to the provider and return a
// next_page cursor whenever a page is full. Like Integry, the sandbox cannot
// tell whether a full page was the last, so when the last page is exactly
// full the next call returns output [] with next_page "".
//
// # Connecting
//
// login_url opens a server-rendered consent page: Allow and Deny buttons and
// a field for the account's display name (plus the API key for sendgrid). On
// Allow the page stores the account and posts a [ConnectMessage] to
// window.opener with the opener's exact origin as target (taken from
// login_url, which carries the Origin of the request that fetched the app,
// or from the popup's Referer; it must be an allowed origin, never "*"), then
// closes itself. Deny posts {"error": "…"} and closes. Naming the same account
// again (same user, app and display name, or the same API key) updates it and
// reports already_exists; a new account replaces the old one unless the app
// has allow_multiple_connected_accounts. A form POST with
// Accept: application/json answers the message as JSON, for tests without a
// browser.
//
// # Storage
//
// State lives in go.etcd.io/bbolt: pure Go, one file (DataDir/sandbox.db),
// ACID transactions on a copy-on-write B+tree with an fsync per commit, so a
// kill -9 mid-write leaves the last committed state and never a torn one.
// Badger and Pebble (LSM trees with many files and background goroutines)
// and SQLite (cgo, or a large transpiled build) are heavier for a few
// thousand rows. Memory mode keeps the same transactional contract in maps
// and writes no file.
//
// # Faults
//
// POST /_sandbox/faults {"path": "/functions/*/call", "status": 503,
// "fraction": 0.5} makes every second matching request fail; "latency_ms"
// delays and "drop": true closes the connection. GET lists the faults with
// their hit counts, DELETE resets. The same is available in Go through
// [Server.AddFault], [Server.Faults] and [Server.ResetFaults].
package sandbox
