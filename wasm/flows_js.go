//go:build js && wasm

package main

import (
	"context"
	"strconv"
	"strings"

	"github.com/integry-go/integry/jsbridge"
	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/ui"
)

// The flow methods (docs/flows.md#ours): the setup form, inline or in a
// modal. Each resolves once its widget is on screen; the widget fires the
// flow events as it goes.
func init() {
	registerMethod("renderFlowSetupForm", renderFlowSetupForm)
	registerMethod("setupIntegration", setupIntegration)
	registerMethod("showFlows", showFlows)
	registerMethod("renderAppFlows", renderAppFlows)
}

// showFlows(renderMode?, containerId?, layout?) shows the flows list: every
// flow with the user's integrations of it (layout is read and ignored).
func showFlows(inst *instance, a jsbridge.Args) (work, error) {
	mode, container, _, err := placement(a, 0)
	if err != nil {
		return nil, err
	}
	opts := ui.FlowsOptions{Mode: ui.RenderMode(strings.ToUpper(mode)), ContainerID: container}
	env := inst.uiEnv()
	return func(ctx context.Context) (any, error) {
		ui.WarnMissingUserVariables(ctx, env, false) // as the official showFlows (docs/flows.md#user-variables)
		_, err := ui.ShowFlows(ctx, env, opts)
		return nil, err
	}, nil
}

// renderAppFlows(initConfig) renders, in initConfig.containerId (or a modal
// when renderMode is MODAL), the setup form of flowId or integrationId, or
// else the flows list: with appId, the flows that use that app; with
// showApps and no appId, the marketplace, as the official one.
func renderAppFlows(inst *instance, a jsbridge.Args) (work, error) {
	o, err := readOptions(a, 0)
	if err != nil {
		return nil, err
	}
	mode := ui.RenderMode(strings.ToUpper(o.str("renderMode")))
	if mode != ui.ModeModal {
		mode = ui.ModeInline
	}
	container := o.str("containerId")
	opts := ui.FlowSetupOptions{FlowID: o.num("flowId"), IntegrationID: o.num("integrationId")}
	app := o.num("appId")
	apps := o.flag("showApps")
	if o.err != nil {
		return nil, o.err
	}
	if apps && app == 0 && opts.FlowID == 0 && opts.IntegrationID == 0 {
		// The official showApps is renderAppFlows({showApps: true}): with
		// no app, the marketplace (docs/flows.md#user-variables).
		return showApps(inst, a)
	}
	if opts.FlowID > 0 || opts.IntegrationID > 0 {
		opts.Mode, opts.ContainerID = mode, container
		opts.WarnUserVariables = true // as the official renderAppFlows (docs/flows.md#user-variables)
		return flowSetup(inst, opts)
	}
	lo := ui.FlowsOptions{Mode: mode, ContainerID: container}
	if app > 0 {
		lo.App = strconv.FormatInt(app, 10)
	}
	env := inst.uiEnv()
	return func(ctx context.Context) (any, error) {
		ui.WarnMissingUserVariables(ctx, env, true) // as the official renderAppFlows
		_, err := ui.ShowFlows(ctx, env, lo)
		return nil, err
	}, nil
}

// renderFlowSetupForm({flowId, integrationId, flowContainerId, versionId,
// viewStyle}) renders the setup form in the element flowContainerId.
// versionId and viewStyle are read and ignored: the sandbox's templates
// have one version, and the form has one style.
func renderFlowSetupForm(inst *instance, a jsbridge.Args) (work, error) {
	o, err := readOptions(a, 0)
	if err != nil {
		return nil, err
	}
	opts := ui.FlowSetupOptions{Mode: ui.ModeInline, ContainerID: o.str("flowContainerId"),
		FlowID: o.num("flowId"), IntegrationID: o.num("integrationId")}
	if o.err != nil {
		return nil, o.err
	}
	if opts.ContainerID == "" {
		return nil, sdk.InvalidArgument("renderFlowSetupForm needs flowContainerId, the id of the element to render into")
	}
	return flowSetup(inst, opts)
}

// setupIntegration(flowId, options?) opens the setup form: in a modal, or
// INLINE in options.containerId; options.integrationId edits that
// integration.
func setupIntegration(inst *instance, a jsbridge.Args) (work, error) {
	raw, err := a.AccountID(0, "flowId") // a positive integer, as a number or a string
	if err != nil {
		return nil, err
	}
	flow, _ := strconv.ParseInt(raw, 10, 64) // "" (absent) is 0; AccountID checked the rest
	o, err := readOptions(a, 1)
	if err != nil {
		return nil, err
	}
	opts := ui.FlowSetupOptions{FlowID: flow, IntegrationID: o.num("integrationId"),
		Mode: ui.RenderMode(strings.ToUpper(o.str("renderMode"))), ContainerID: o.str("containerId")}
	if o.err != nil {
		return nil, o.err
	}
	if opts.Mode != ui.ModeInline {
		opts.Mode = ui.ModeModal
	}
	return flowSetup(inst, opts)
}

func flowSetup(inst *instance, opts ui.FlowSetupOptions) (work, error) {
	if opts.FlowID <= 0 && opts.IntegrationID <= 0 {
		return nil, sdk.InvalidArgument("a flow setup needs flowId or integrationId")
	}
	env := inst.uiEnv()
	return func(ctx context.Context) (any, error) {
		_, err := ui.ShowFlowSetup(ctx, env, opts)
		return nil, err
	}, nil
}
