package sdk

// Version is this SDK's version, set at build time with
// -ldflags "-X github.com/integry-go/integry/sdk.Version=…". JavaScript
// sees it as IntegryJS.SDK_VERSION.
var Version = "dev"
