//go:build js && wasm

package main

import (
	"context"

	"github.com/integry-go/integry/jsbridge"
	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/ui"
)

// The core methods of IntegryJS (the UI methods live in ui_methods.go). Each
// checks its arguments synchronously and rejects with invalid_argument
// before any request; failures reject with an IntegryError instead of
// resolving null, [] or false as @integry/sdk 4.9.37 does
// (docs/protocol.md#differs-http-failures). Results are the server's bodies
// as the browser parsed them: they never cross into Go and back.
func init() {
	registerMethod("__ready", readyMethod)
	registerMethod("verifyAuthConfig", func(inst *instance, _ jsbridge.Args) (work, error) {
		return func(ctx context.Context) (any, error) {
			v, err := inst.client.VerifyConfig(ctx)
			if err != nil {
				return nil, err
			}
			return v.Doc, nil
		}, nil
	})
	registerMethod("isAppConnected", appMethod(func(app *sdk.App) any { return app.IsConnected() }))
	registerMethod("getConnectedAccounts", appMethod(func(app *sdk.App) any {
		if app.AsSent() && app.Doc.Get("connected_accounts") != nil {
			return app.Doc.Get("connected_accounts")
		}
		return accountsJSON(app.ConnectedAccounts)
	}))
	registerMethod("getApp", appMethod(func(app *sdk.App) any { return appValue(app) }))
	registerMethod("disconnectApp", disconnectApp)
	registerMethod("getFunction", getFunction)
	registerStart("invokeFunction", invokeFunction)
	registerStart("callFunction", callFunction)
	registerStart("__page", page)
}

// readyMethod backs integry.ready: {isReady: true} once the config is
// verified, or the verification's error.
func readyMethod(inst *instance, _ jsbridge.Args) (work, error) {
	return func(ctx context.Context) (any, error) {
		select {
		case <-inst.verified:
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		}
		if inst.verifyErr != nil {
			return nil, inst.verifyErr
		}
		return eventPayload(sdk.ReadyPayload{IsReady: true}), nil
	}, nil
}

// appMethod is a method whose only argument is a required app name; result
// picks what of the app it resolves.
func appMethod(result func(app *sdk.App) any) func(*instance, jsbridge.Args) (work, error) {
	return func(inst *instance, a jsbridge.Args) (work, error) {
		name, err := a.Name(0, "appName")
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context) (any, error) {
			app, err := inst.client.GetApp(ctx, name)
			if err != nil {
				return nil, err
			}
			return result(app), nil
		}, nil
	}
}

// appValue is an app as the page receives it: the server's object when the
// SDK changed nothing, else its JSON with the accounts newest first and,
// in events, connected_account_id.
func appValue(app *sdk.App) any {
	if app.AsSent() {
		return app.Doc
	}
	return jsbridge.JSON(app.JSON())
}

func accountsJSON(accs []sdk.ConnectedAccount) jsbridge.JSON {
	b := []byte{'['}
	for i, acc := range accs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, acc.JSON()...)
	}
	return append(b, ']')
}

// eventPayload is an event's payload as the page receives it: JSON text
// written in Go for the small ones, so an event makes no js.Value
// (docs/design.md#abi).
func eventPayload(p any) any {
	switch x := p.(type) {
	case *sdk.App:
		return appValue(x)
	case sdk.ReadyPayload:
		return jsbridge.Fields("isReady", x.IsReady)
	case ui.RenderPayload:
		return jsbridge.Fields("functionName", x.FunctionName, "renderMode", string(x.RenderMode),
			"containerId", x.ContainerID, "chatBotUI", x.ChatBotUI, "isReadOnly", x.IsReadOnly)
	case sdk.RemovedAuthorization:
		return jsbridge.Fields("authorizationId", float64(x.AuthorizationID))
	case struct{}:
		return jsbridge.Fields()
	}
	return p // an error, or a value ToJS knows
}

// disconnectApp(appName, connectedAccountId?) resolves, once the server has
// deleted the account, with the app as re-fetched (remaining accounts newest
// first, connected_account_id the removed one), the same object the
// app-disconnected event carries.
func disconnectApp(inst *instance, a jsbridge.Args) (work, error) {
	name, err := a.OptString(0, "appName")
	if err != nil {
		return nil, err
	}
	id, err := a.AccountID(1, "connectedAccountId")
	if err != nil {
		return nil, err
	}
	if name == "" && id == "" {
		return nil, sdk.InvalidArgument("'disconnectApp' requires either 'appName' or 'connectedAccountId'")
	}
	return func(ctx context.Context) (any, error) {
		app, err := inst.client.Disconnect(ctx, name, id)
		if err != nil {
			return nil, err
		}
		return appValue(app), nil
	}, nil
}

// getFunction(functionName) resolves the signature exactly as the server
// sent it. A second argument true, the loader's own (renderFunctionForm's
// data-source tools, docs/protocol.md#surface-function-form), asks for it
// with meta; anything else there is ignored, as the official ignores it.
func getFunction(inst *instance, a jsbridge.Args) (work, error) {
	name, err := a.Name(0, "functionName")
	if err != nil {
		return nil, err
	}
	var opts *sdk.GetFunctionOptions
	if meta, _ := a.Bool(1, ""); meta {
		opts = &sdk.GetFunctionOptions{IncludeMeta: true}
	}
	return func(ctx context.Context) (any, error) {
		f, err := inst.client.GetFunction(ctx, name, opts)
		if err != nil {
			return nil, err
		}
		return f.Doc, nil
	}, nil
}

// functionArgs reads the (functionName, params, connectedAccountId?) that
// invokeFunction, paginate and showFunctionUI share; params may be absent
// when optional is true.
func functionArgs(a jsbridge.Args, optional bool) (name string, params []byte, accountID string, err error) {
	if name, err = a.Name(0, "functionName"); err != nil {
		return "", nil, "", err
	}
	if params, err = a.Object(1, "params", optional); err != nil {
		return "", nil, "", err
	}
	if accountID, err = a.AccountID(2, "connectedAccountId"); err != nil {
		return "", nil, "", err
	}
	return name, params, accountID, nil
}

// invokeFunction(functionName, params, connectedAccountId?) resolves the call
// result as the server sent it: executed ({network_code, output,
// next_page?}) or not executed ({error, error_details}).
func invokeFunction(inst *instance, a jsbridge.Args) (start, error) {
	name, params, id, err := functionArgs(a, false)
	if err != nil {
		return nil, err
	}
	return callWork(inst, name, params, &sdk.CallOptions{ConnectedAccountID: id}), nil
}

// callFunction(functionName, params, vars = {}, connectedAccountId, version =
// null, allow_workspace_connected_accounts = false): the official signature;
// vars go as _variables, always an object.
func callFunction(inst *instance, a jsbridge.Args) (start, error) {
	name, err := a.Name(0, "functionName")
	if err != nil {
		return nil, err
	}
	params, err := a.Object(1, "params", false)
	if err != nil {
		return nil, err
	}
	vars, err := a.Object(2, "vars", true)
	if err != nil {
		return nil, err
	}
	if vars == nil {
		vars = []byte("{}")
	}
	id, err := a.AccountID(3, "connectedAccountId")
	if err != nil {
		return nil, err
	}
	version, err := a.OptString(4, "version")
	if err != nil {
		return nil, err
	}
	allow, err := a.Bool(5, "allow_workspace_connected_accounts")
	if err != nil {
		return nil, err
	}
	return callWork(inst, name, params, &sdk.CallOptions{ConnectedAccountID: id, Version: version, AllowWorkspace: allow, Variables: vars}), nil
}

// callWork starts a call without a goroutine: the answer settles the page's
// promise from the event that brings it (the hot path of the SDK).
func callWork(inst *instance, name string, params []byte, opts *sdk.CallOptions) start {
	return func(ctx context.Context, done func(any, error)) {
		inst.client.StartCall(ctx, name, params, opts, func(r *sdk.CallResult, err error) {
			if err != nil {
				done(nil, err)
				return
			}
			done(r.Doc, nil)
		})
	}
}

// page(functionName, params, connectedAccountId?, cursor?) resolves one page
// of a paginated function, {result, next}, with no state kept between pages
// (sdk.Client.StartPage: docs/design.md#paging): result is the page's
// executed result as the server sent it, null when the page was empty;
// next is the cursor to send for the following page, "" when paging ends.
// paginate() (web/loader/paging.mjs) and React's useInvoke page with it.
func page(inst *instance, a jsbridge.Args) (start, error) {
	name, params, id, err := functionArgs(a, true)
	if err != nil {
		return nil, err
	}
	cursor, err := a.Cursor(3)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, done func(any, error)) {
		inst.client.StartPage(ctx, name, params, cursor, &sdk.CallOptions{ConnectedAccountID: id}, func(pg sdk.Page, err error) {
			if err != nil {
				done(nil, err)
				return
			}
			var result sdk.Doc
			if pg.Result != nil {
				result = pg.Result.Doc
			}
			// The page's result is the answer the loader holds: it goes
			// in by its number, with no js.Value (docs/design.md#abi).
			done(jsbridge.With(result, "result", nil, "next", pg.Next), nil)
		})
	}, nil
}
