package main

import "github.com/integry-go/integry/internal/contract"

// GlobalName is where main puts the API object the loader drives. It is
// internal: pages use IntegryJS from the loader. The rest of the loader
// contract (opcodes, prefixes, failure codes, limits) is internal/contract.
const GlobalName = contract.GlobalName

// Methods are the promise-returning methods of IntegryJS that the loader
// forwards to Go as they are, in the order it defines them. This list is the
// one declaration: `make wasm` writes it into the loader (web/loader/build.sh
// runs `go run ./wasm -contract`), main_js.go refuses to start if an
// implementation is missing, and the loader refuses a wasm whose list or
// version differs from its own (docs/design.md#bridge).
//
// Names starting with "__" are the loader's own plumbing (the ready promise,
// Helpers.getFunctionTools, and __page and __theme, which the loader's
// paginate and the bindings' useInvoke and theme use); pages never call
// them.
// getFunctionTools and __helperFunctionTools answer synchronously: the
// loader calls them without an instance (docs/protocol.md#surface-sync).
var Methods = []string{
	"verifyAuthConfig", "isAppConnected", "getConnectedAccounts", "getApp",
	"connectApp", "disconnectApp", "getFunction", "invokeFunction", "callFunction",
	"showFunctionUI", "showFunction", "showApps", "showApp", "showConnectedAccounts",
	"renderFlowSetupForm", "setupIntegration", "showFlows", "renderAppFlows",
	"removeAuthorization", "renderAccountConnectionModal", "getFunctionTools",
	"__helperFunctionTools",
	"__ready", "__page", "__theme",
}
