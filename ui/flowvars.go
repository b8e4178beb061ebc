package ui

import (
	"context"

	"github.com/integry-go/integry/sdk"
)

// userVariables is what the user variables' check asks; *sdk.Client
// implements it.
type userVariables interface {
	UserVariables(ctx context.Context) ([]sdk.UserVariable, error)
	MissingUserVariables(vars []sdk.UserVariable, requiredOnly bool) bool
}

// WarnMissingUserVariables reads the app's user variables on a goroutine
// and fires did-raise-sdk-embed-warning when one has no value in the
// config, as the official showFlows (every variable) and renderAppFlows
// (requiredOnly) do when they load (docs/flows.md#user-variables). A
// failed read warns of nothing.
func WarnMissingUserVariables(ctx context.Context, env Env, requiredOnly bool) {
	uv, ok := env.API.(userVariables)
	if !ok {
		return
	}
	spawn(env.Events, "the user variables' check", func() {
		vars, err := uv.UserVariables(ctx)
		if err != nil || !uv.MissingUserVariables(vars, requiredOnly) {
			return
		}
		env.emit(sdk.EventEmbedWarning, payload("type", "missing-user-variable-values",
			"message", "One or more user variables or their values are missing."))
	}, nil)
}
