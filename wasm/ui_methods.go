//go:build js && wasm

package main

import (
	"context"
	"encoding/json"
	"strings"
	"syscall/js"

	"github.com/hack-pad/safejs"
	"github.com/integry-go/integry/jsbridge"
	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/ui"
)

// The UI methods: showFunctionUI, showFunction, showApps and
// showConnectedAccounts. Arguments are read synchronously in the call; the
// widgets are built and awaited on the promise goroutine (package ui's rule:
// never wait in a callback). Connect buttons call inst.startConnect inside
// the person's click, so the popup is allowed.
func init() {
	registerMethod("showFunctionUI", showFunctionUI)
	registerMethod("showFunction", showFunction)
	registerMethod("showApps", showApps)
	registerMethod("showApp", showApp)
	registerMethod("showConnectedAccounts", showConnectedAccounts)
}

// uiEnv is what package ui needs from this instance: its client, emitter,
// language (a per-instance string table, defect 16) and connect flow.
func (inst *instance) uiEnv() (ui.Env, error) {
	doc, err := ui.NewBrowserDocument()
	if err != nil {
		return ui.Env{}, &sdk.Error{Code: sdk.CodeInvalidArgument, Message: "the UI methods need a page with a document"}
	}
	return ui.Env{
		Doc:          doc,
		API:          inst.client,
		Events:       inst.emitter,
		Strings:      ui.NewStrings(inst.cfg.Lang),
		StartConnect: ui.StartConnectFunc(inst.startConnect),
	}, nil
}

// showFunctionUI(functionName, params?, connectedAccountId?, isReadOnly?)
// shows the function's form in a modal and resolves the typed arguments;
// closing the modal rejects with cancelled (after modal-closed).
func showFunctionUI(inst *instance, args []js.Value) (func(context.Context) (any, error), error) {
	name, params, account, err := functionArgs(args, true)
	if err != nil {
		return nil, err
	}
	a := jsbridge.Args(jsbridge.Values(args))
	readOnly, err := a.Bool(3, "isReadOnly")
	if err != nil {
		return nil, err
	}
	env, err := inst.uiEnv()
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) (any, error) {
		return ui.ShowFunction(ctx, env, name, ui.FunctionOptions{
			Params: params, ConnectedAccountID: account, Form: ui.FormOptions{ReadOnly: readOnly},
		})
	}, nil
}

// showFunctionOptions is the JSON part of the official ShowFunctionOptions
// (functions such as onChangeCallback are read separately).
type showFunctionOptions struct {
	Params             json.RawMessage `json:"params"`
	ConnectedAccountID json.RawMessage `json:"connectedAccountId"`
	Version            *string         `json:"version"`
	AllowWorkspace     bool            `json:"allow_workspace_connected_accounts"`
	SubmitButtonText   string          `json:"submitButtonText"`
	HideSubmitButton   bool            `json:"hideSubmitButton"`
	HideFunctionTitle  bool            `json:"hideFunctionTitle"`
	HiddenFields       []string        `json:"hiddenFields"`
	VisibleFields      []string        `json:"visibleFields"`
	IsReadOnly         bool            `json:"isReadOnly"`
}

// showFunction(functionName, options?, renderMode?, containerId?, chatBotUI?)
// renders the form as a MODAL (default) or INLINE in the container, honours
// the official options and emits did-render-function.
func showFunction(inst *instance, args []js.Value) (func(context.Context) (any, error), error) {
	a := jsbridge.Args(jsbridge.Values(args))
	name, err := a.Name(0, "functionName")
	if err != nil {
		return nil, err
	}
	raw, err := a.Object(1, "options", true)
	if err != nil {
		return nil, err
	}
	var o showFunctionOptions
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &o); err != nil {
			return nil, &sdk.Error{Code: sdk.CodeInvalidArgument, Message: "options: " + err.Error()}
		}
	}
	if len(o.Params) > 0 && strings.TrimSpace(string(o.Params))[0] != '{' && string(o.Params) != "null" {
		return nil, &sdk.Error{Code: sdk.CodeInvalidArgument, Message: "options.params must be an object"}
	}
	account := strings.Trim(strings.TrimSpace(string(o.ConnectedAccountID)), `"`)
	if account == "null" {
		account = ""
	}
	mode, err := a.OptString(2, "renderMode")
	if err != nil {
		return nil, err
	}
	container, err := a.OptString(3, "containerId")
	if err != nil {
		return nil, err
	}
	chatBot, err := a.Bool(4, "chatBotUI")
	if err != nil {
		return nil, err
	}
	fo := ui.FormOptions{
		SubmitText: o.SubmitButtonText, HideSubmit: o.HideSubmitButton,
		HideTitle: o.HideFunctionTitle, ReadOnly: o.IsReadOnly,
	}
	if cb, err := a.At(1).Get("onChangeCallback"); err == nil && jsbridge.Kind(cb) == safejs.TypeFunction {
		fo.OnChange = onChange(cb)
	}
	version := ""
	if o.Version != nil {
		version = *o.Version
	}
	env, err := inst.uiEnv()
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) (any, error) {
		return ui.ShowFunction(ctx, env, name, ui.FunctionOptions{
			Params: o.Params, ConnectedAccountID: account, Version: version, AllowWorkspace: o.AllowWorkspace,
			HiddenFields: o.HiddenFields, VisibleFields: o.VisibleFields, Form: fo,
			Mode: ui.RenderMode(strings.ToUpper(mode)), ContainerID: container, ChatBotUI: chatBot,
		})
	}, nil
}

// onChange adapts the host's onChangeCallback: it receives the typed
// {fieldMachineName, value} of the official typings (defect 18). It runs in
// the input's event listener; a throwing callback is reported, not rethrown.
func onChange(cb safejs.Value) func(string, json.RawMessage) {
	return func(machineName string, value json.RawMessage) {
		defer func() {
			if r := recover(); r != nil {
				jsbridge.ConsoleError("integry: onChangeCallback failed")
			}
		}()
		arg := jsbridge.NewObject()
		_ = arg.Set("fieldMachineName", machineName)
		v, err := jsbridge.Parse(string(value))
		if err != nil {
			v = safejs.Null()
		}
		_ = arg.Set("value", v)
		if _, err := cb.Invoke(arg); err != nil {
			jsbridge.ConsoleError("integry: onChangeCallback threw:", err.Error())
		}
	}
}

// appsOptions reads showApps' options object.
type appsOptions struct {
	RenderMode  string `json:"renderMode"`
	ContainerID string `json:"containerId"`
	Layout      string `json:"layout"`
	FetchAll    bool   `json:"fetchAll"`
	AuthOnly    bool   `json:"authOnly"`
}

// showApps(options?) or showApps(renderMode, containerId?, layout?), the
// positional form of Integry's render-modes page, renders the marketplace
// and resolves once its first page is on screen. The marketplace lives
// until the person closes it or destroy() is called.
func showApps(inst *instance, args []js.Value) (func(context.Context) (any, error), error) {
	a := jsbridge.Args(jsbridge.Values(args))
	var o appsOptions
	if jsbridge.Kind(a.At(0)) == safejs.TypeString {
		var err error
		if o.RenderMode, o.ContainerID, o.Layout, err = placement(a, 0); err != nil {
			return nil, err
		}
	} else {
		raw, err := a.Object(0, "options", true)
		if err != nil {
			return nil, err
		}
		if len(raw) > 0 {
			if err := json.Unmarshal(raw, &o); err != nil {
				return nil, &sdk.Error{Code: sdk.CodeInvalidArgument, Message: "options: " + err.Error()}
			}
		}
	}
	layout, err := ui.ParseLayout(o.Layout)
	if err != nil {
		return nil, err
	}
	size := 30
	if o.FetchAll {
		size = 9999
	}
	env, err := inst.uiEnv()
	if err != nil {
		return nil, err
	}
	// The marketplace outlives the promise: it lives with the instance.
	return func(context.Context) (any, error) {
		_, err := ui.ShowApps(inst.ctx, env, ui.AppsOptions{
			Mode: ui.RenderMode(strings.ToUpper(o.RenderMode)), ContainerID: o.ContainerID, Layout: layout, PageSize: size, AuthOnly: o.AuthOnly,
		})
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
func showApp(inst *instance, args []js.Value) (func(context.Context) (any, error), error) {
	return appPage(inst, args, true)
}

// showConnectedAccounts(appName, renderMode?, containerId?, layout?) shows
// one app's accounts with per-account disconnect and "Add account".
func showConnectedAccounts(inst *instance, args []js.Value) (func(context.Context) (any, error), error) {
	return appPage(inst, args, false)
}

func appPage(inst *instance, args []js.Value, page bool) (func(context.Context) (any, error), error) {
	a := jsbridge.Args(jsbridge.Values(args))
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
	env, err := inst.uiEnv()
	if err != nil {
		return nil, err
	}
	return func(context.Context) (any, error) {
		_, err := ui.ShowApps(inst.ctx, env, ui.AppsOptions{
			AppName: name, Page: page, Mode: ui.RenderMode(strings.ToUpper(mode)), ContainerID: container, Layout: layout,
		})
		return nil, err
	}, nil
}
