// Command integry-mcp is a Model Context Protocol server that gives an AI
// agent one user's Integry functions as tools: Claude Desktop, Claude Code,
// an IDE or any MCP client lists them and calls them.
//
//	integry-mcp --demo                                    # offline: an embedded sandbox, in memory
//	integry-mcp -app-key K -app-secret S -user U          # Integry, over stdio
//	integry-mcp -app-key K -app-secret S -user U -http 127.0.0.1:8765   # streamable HTTP at /mcp
//
// With no app key at all (no flag, no environment) it runs the demo: an
// embedded sandbox (package sandbox, in memory) on a loopback port, whose
// consent pages connect apps in a browser. That is the way to try it.
//
// Flags, and the environment variable each falls back to:
//
//	-app-key            INTEGRY_APP_KEY             the Integry app's key
//	-app-secret         INTEGRY_APP_SECRET          its secret; the user's hash is computed from it
//	-hash               INTEGRY_HASH                the user's hash, instead of the secret
//	-user               INTEGRY_USER_ID             the user whose functions these are (demo: demo-user)
//	-api-url            INTEGRY_API_URL             functions API (default https://api.integry.io)
//	-base-url           INTEGRY_BASE_URL            apps API (default https://app.integry.io)
//	-app                INTEGRY_MCP_APPS            only these apps' functions (repeatable; env: comma-separated)
//	-connected-only     INTEGRY_MCP_CONNECTED_ONLY  only functions of apps the user has connected
//	-predict            INTEGRY_MCP_PREDICT         only the functions Integry predicts for this prompt
//	-variables          INTEGRY_MCP_VARIABLES       _variables for every call, a JSON object
//	-connected-account  INTEGRY_MCP_CONNECTED_ACCOUNT  the connected account every call uses
//	-http               INTEGRY_MCP_HTTP            serve streamable HTTP at this address instead of stdio
//	-demo               INTEGRY_MCP_DEMO            run against an embedded sandbox
//
// A tool call returns the function's result as JSON text (and as
// structured content): network_code and output, and for a paginated
// function _cursor with a sentence telling the model to call again with
// it. Failures are tool errors (isError), and a function whose app the
// user has not connected says where the user connects it. Logs go to
// stderr: over stdio, stdout belongs to the protocol.
//
// docs/mcp.md shows the configuration for Claude Desktop and Claude Code.
package main
