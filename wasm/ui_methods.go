//go:build js && wasm

package main

import (
	"context"
	"strings"

	"github.com/integry-go/integry/internal/jsonx"
	"github.com/integry-go/integry/jsbridge"
	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/ui"
)

// The UI methods: the function form and the marketplace, rendered by package
// ui into the page's document in one crossing per render.
func init() {
	registerMethod("showFunctionUI", showFunctionUI)
	registerMethod("showFunction", showFunction)
	registerMethod("showApps", showApps)
	registerMethod("showApp", showApp)
	registerMethod("showConnectedAccounts", showConnectedAccounts)
}

// uiEnv is what the widgets of this instance use: the page's document, the
// client, the instance's emitter and its own strings (one table per
// instance: docs/protocol.md#differs-per-instance-strings).
func (inst *instance) uiEnv() ui.Env {
	return ui.Env{
		Doc:          ui.BrowserDocument(),
		API:          inst.client,
		Events:       inst.client.Events(),
		Strings:      ui.NewStrings(inst.cfg.Lang),
		StartConnect: ui.StartConnectFunc(inst.startConnect),
		Tags:         inst.tags,
	}
}

// showFunctionUI(functionName, params?, connectedAccountId?, isReadOnly?)
// resolves the values the person submitted, typed by the schema.
func showFunctionUI(inst *instance, a jsbridge.Args) (work, error) {
	name, params, account, err := functionArgs(a, true)
	if err != nil {
		return nil, err
	}
	if params != nil { // too deep: refused before the schema is fetched
		if err := jsonx.Valid(params); err != nil {
			return nil, jsonRefusal("params", err)
		}
	}
	readOnly, err := a.Bool(3, "isReadOnly")
	if err != nil {
		return nil, err
	}
	env := inst.uiEnv()
	return func(ctx context.Context) (any, error) {
		v, err := ui.ShowFunction(ctx, env, name, ui.FunctionOptions{
			Params: params, ConnectedAccountID: account, Form: ui.FormOptions{ReadOnly: readOnly},
		})
		return jsbridge.JSON(v), err
	}, nil
}

// showFunction(functionName, options?, renderMode?, containerId?,
// chatBotUI?): the official signature. options are the official
// FunctionUIOptions (params, payload, autoMapPayload, connectedAccountId, version,
// allow_workspace_connected_accounts, submitButtonText, hideSubmitButton,
// hideFunctionTitle, hiddenFields, visibleFields, isReadOnly,
// onChangeCallback).
func showFunction(inst *instance, a jsbridge.Args) (work, error) {
	name, err := a.Name(0, "functionName")
	if err != nil {
		return nil, err
	}
	o, err := readOptions(a, 1)
	if err != nil {
		return nil, err
	}
	fo := ui.FormOptions{
		SubmitText: o.str("submitButtonText"), HideSubmit: o.flag("hideSubmitButton"),
		HideTitle: o.flag("hideFunctionTitle"), ReadOnly: o.flag("isReadOnly"),
	}
	if cb, ok := a.Member(1, "onChangeCallback"); ok {
		fo.OnChange = func(machineName string, value []byte) {
			v, _ := jsbridge.ToJS(jsbridge.Fields("fieldMachineName", machineName, "value", jsbridge.JSON(value)))
			jsbridge.Call(cb, v)
		}
	}
	var onLoad func([]byte)
	if cb, ok := a.Member(1, "__loaded"); ok { // the loader's renderFunctionForm (web/loader/surface.mjs)
		onLoad = func(sig []byte) {
			if v, err := jsbridge.ToJS(jsbridge.JSON(sig)); err == nil {
				jsbridge.Call(cb, v)
			}
		}
	}
	fopts := ui.FunctionOptions{
		ConnectedAccountID: o.id("connectedAccountId"),
		Version:            o.str("version"),
		AllowWorkspace:     o.flag("allow_workspace_connected_accounts"),
		HiddenFields:       o.strs("hiddenFields"),
		VisibleFields:      o.strs("visibleFields"),
		Form:               fo,
		Params:             o.object("params"),
		// payload: a tag menu of its values on the text fields; autoMapPayload
		// also asks the server to map it (docs/protocol.md#surface-payload).
		Payload: o.object("payload"),
		OnLoad:  onLoad,
		// the loader's renderFormFields: the page's fields as a signature
		Signature: o.object("__signature"),
	}
	autoMap := o.flag("autoMapPayload")
	fopts.AutoMapPayload = fopts.Payload != nil && autoMap
	if o.err != nil {
		return nil, o.err
	}
	mode, err := a.OptString(2, "renderMode")
	if err != nil {
		return nil, err
	}
	if fopts.ContainerID, err = a.OptString(3, "containerId"); err != nil {
		return nil, err
	}
	if fopts.ChatBotUI, err = a.Bool(4, "chatBotUI"); err != nil {
		return nil, err
	}
	fopts.Mode = ui.RenderMode(strings.ToUpper(mode))
	env := inst.uiEnv()
	return func(ctx context.Context) (any, error) {
		v, err := ui.ShowFunction(ctx, env, name, fopts)
		return jsbridge.JSON(v), err
	}, nil
}

// jsonRefusal is the invalid_argument of an argument whose JSON was
// refused: too deep, or not JSON.
func jsonRefusal(what string, err error) error {
	if err == jsonx.ErrDepth {
		return sdk.TooDeep(what)
	}
	return sdk.InvalidArgument(what + " is not valid JSON")
}

// showApps(options?) renders the marketplace: options {renderMode,
// containerId, layout, fetchAll, useLoadMoreButton, authOnly}, titled with
// the constructor's options.title. showApps(renderMode, containerId?,
// layout?), the positional form of Integry's render-modes page, is taken
// too (docs/protocol.md#surface-options).
func showApps(inst *instance, a jsbridge.Args) (work, error) {
	var mode, container, layoutArg string
	size, authOnly, button, all := sdk.AppsPageSize, false, false, false
	if _, err := a.OptString(0, "renderMode"); err == nil && !a.Absent(0) {
		if mode, container, layoutArg, err = placement(a, 0); err != nil {
			return nil, err
		}
	} else {
		o, err := readOptions(a, 0)
		if err != nil {
			return nil, err
		}
		if o.flag("fetchAll") {
			size = sdk.WholeListPageSize
		}
		mode, container, layoutArg, authOnly = o.str("renderMode"), o.str("containerId"), o.str("layout"), o.flag("authOnly")
		button = o.flag("useLoadMoreButton")
		all = o.flag("_allUserVariables") // initializeMarketplace's check (docs/flows.md#user-variables)
		if o.err != nil {
			return nil, o.err
		}
	}
	layout, err := ui.ParseLayout(layoutArg)
	if err != nil {
		return nil, err
	}
	opts := ui.AppsOptions{
		Mode: ui.RenderMode(strings.ToUpper(mode)), ContainerID: container, Layout: layout, PageSize: size, AuthOnly: authOnly,
		LoadMoreButton: button, Title: inst.title,
	}
	env := inst.uiEnv()
	return func(ctx context.Context) (any, error) {
		if !authOnly { // the official showApps is then its renderAppFlows (docs/flows.md#user-variables)
			ui.WarnMissingUserVariables(ctx, env, !all)
		}
		_, err := ui.ShowApps(ctx, env, opts)
		return nil, err
	}, nil
}

// placement reads the (renderMode, containerId, layout) arguments that
// start at i, each optional.
func placement(a jsbridge.Args, i int) (mode, container, layout string, err error) {
	if mode, err = a.OptString(i, "renderMode"); err != nil {
		return
	}
	if container, err = a.OptString(i+1, "containerId"); err != nil {
		return
	}
	layout, err = a.OptString(i+2, "layout")
	return
}

// showApp(appName, renderMode?, containerId?, layout?) renders the app's
// page: its accounts with connect, add account and disconnect (flows are
// out of scope). It resolves once the page is on screen.
func showApp(inst *instance, a jsbridge.Args) (work, error) { return appPage(inst, a, true) }

// showConnectedAccounts(appName, renderMode?, containerId?, layout?) renders
// one app's accounts.
func showConnectedAccounts(inst *instance, a jsbridge.Args) (work, error) {
	return appPage(inst, a, false)
}

func appPage(inst *instance, a jsbridge.Args, page bool) (work, error) {
	name, err := a.Name(0, "appName")
	if err != nil {
		return nil, err
	}
	mode, container, layoutArg, err := placement(a, 1)
	if err != nil {
		return nil, err
	}
	layout, err := ui.ParseLayout(layoutArg)
	if err != nil {
		return nil, err
	}
	opts := ui.AppsOptions{AppName: name, Page: page, Mode: ui.RenderMode(strings.ToUpper(mode)), ContainerID: container, Layout: layout}
	env := inst.uiEnv()
	return func(ctx context.Context) (any, error) {
		if page {
			ui.WarnMissingUserVariables(ctx, env, true) // as the official showApp (docs/flows.md#user-variables)
		}
		_, err := ui.ShowApps(ctx, env, opts)
		return nil, err
	}, nil
}

// readOptions reads the optional options object at argument i (an absent
// or null one reads as empty) for the typed readers of options.go.
func readOptions(a jsbridge.Args, i int) (*optionReader, error) {
	raw, err := a.Object(i, "options", true)
	if err != nil {
		return nil, err
	}
	o := &jsonx.Value{Kind: jsonx.Object}
	if raw != nil {
		if o, err = jsonx.Parse(raw); err != nil {
			return nil, jsonRefusal("options", err)
		}
	}
	return &optionReader{o: o, what: "options"}, nil
}
