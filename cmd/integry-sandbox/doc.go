// Command integry-sandbox runs the Integry sandbox: an offline emulation of
// the Integry backend (package sandbox) together with the built browser SDK
// at /sdk/ and the demo page at /, on one origin.
//
//	go run ./cmd/integry-sandbox                      # 127.0.0.1:8080, data in the user config folder
//	go run ./cmd/integry-sandbox -memory -addr 127.0.0.1:0
//	go run ./cmd/integry-sandbox -allow-origin http://localhost:5173
//
// Every flag has an environment equivalent, used when the flag is not given:
//
//	-addr          INTEGRY_SANDBOX_ADDR          listen address (default 127.0.0.1:8080)
//	-data          INTEGRY_SANDBOX_DATA          data folder (default <user config dir>/integry-sandbox)
//	-memory        INTEGRY_SANDBOX_MEMORY        keep everything in memory, write no file
//	-app-key       INTEGRY_SANDBOX_APP_KEY       app key (default sandbox-app-key)
//	-app-secret    INTEGRY_SANDBOX_APP_SECRET    app secret (default sandbox-app-secret)
//	-catalog       INTEGRY_SANDBOX_CATALOG       catalog folder replacing the embedded one
//	-allow-origin  INTEGRY_SANDBOX_ALLOW_ORIGIN  origin allowed to use it from a browser (repeatable; env: comma-separated)
//	-example-origins INTEGRY_SANDBOX_EXAMPLE_ORIGINS  also allow the origins the examples are served from (default true):
//	               http://127.0.0.1:8081 (web/ served as a folder), :5173 and :5174 (the npm and React examples'
//	               Vite preview), each on 127.0.0.1 and localhost
//	-sample-data   INTEGRY_SANDBOX_SAMPLE_DATA   a user's new Pipedrive, HubSpot and Slack accounts start with
//	               sample records, enough to page through (default true; docs/sandbox.md)
//	-allowed-host  INTEGRY_SANDBOX_ALLOWED_HOST  host name it may be reached by (repeatable; env: comma-separated)
//	-log-level     INTEGRY_SANDBOX_LOG_LEVEL     debug, info, warn or error (default info)
//	-log-json      INTEGRY_SANDBOX_LOG_JSON      log JSON lines instead of text
//
// On start it prints the app key, the app secret, the demo URL and the
// allowed origins. The
// demo page gets its credentials from GET /_sandbox/session, which computes
// the hash on the server; the secret never reaches the browser.
//
// It is meant to stay running on a laptop while its owner browses the web
// (docs/sandbox-security.md). Requests whose Host header is not localhost,
// 127.0.0.1, [::1], the host of -addr or an -allowed-host name get 403
// (DNS rebinding), and pages on origins not given with -allow-origin cannot
// change its state. An -addr that is not a loopback address prints a
// warning at start-up: other machines can then reach the API.
package main
