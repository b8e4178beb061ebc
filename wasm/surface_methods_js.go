//go:build js && wasm

package main

import (
	"context"
	"strconv"

	"github.com/integry-go/integry/jsbridge"
	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/ui"
)

// The members of the official IntegryJS that the rest of the surface
// lacked (issue 21): getFunctionTools and its Helpers twin, which need no
// instance and answer synchronously, removeAuthorization and
// renderAccountConnectionModal. The loader adds the members that are
// plain JavaScript (the marketplace entry points, renderAppAuthorizations,
// setFieldValue, the unsupported ones): docs/protocol.md#surface.
func init() {
	registerStatic("getFunctionTools", functionTools(false))
	registerStatic("__helperFunctionTools", functionTools(true))
	registerMethod("removeAuthorization", removeAuthorization)
	registerMethod("renderAccountConnectionModal", renderAccountConnectionModal)
	registerMethod("__theme", theme)
}

// __theme() puts the core's stylesheet, the palette's one declaration, in
// the page and resolves the instance's strings that the bindings (web/npm)
// draw themselves, with lang: they keep no copy of either (ui.Theme).
func theme(inst *instance, _ jsbridge.Args) (work, error) {
	env := inst.uiEnv()
	return func(context.Context) (any, error) {
		return jsbridge.JSON(ui.Theme(env)), nil
	}, nil
}

// statics are the methods that belong to no instance: the loader calls
// them with handle 0, and they settle before call returns, so that the
// loader can answer synchronously as the official runtime does.
var statics = map[string]bool{}

// staticInstance is the instance handle 0 names: it has no client, and it
// is never destroyed.
var staticInstance = &instance{ctx: context.Background(), cancels: map[int]context.CancelCauseFunc{}}

// registerStatic adds a static method: f runs in the page's call and its
// result settles the promise at once.
func registerStatic(name string, f func(a jsbridge.Args) (any, error)) {
	statics[name] = true
	registerStart(name, func(_ *instance, a jsbridge.Args) (start, error) {
		v, err := f(a)
		if err != nil {
			return nil, err
		}
		return func(_ context.Context, done func(any, error)) { done(v, nil) }, nil
	})
}

// functionTools is getFunctionTools(functionStructure): the official
// FunctionTool of a signature as getFunction resolves it, built in Go
// (sdk.FunctionTool); helper is the Helpers variant.
func functionTools(helper bool) func(a jsbridge.Args) (any, error) {
	return func(a jsbridge.Args) (any, error) {
		raw, err := a.Object(0, "functionStructure", true)
		if err != nil {
			return nil, err
		}
		// Go cannot tell null from undefined here; the loader says which
		// with a second argument (web/loader/loader.mjs, callSync's callers).
		if null, _ := a.Bool(1, "null"); raw == nil && null {
			raw = []byte("null")
		}
		out, err := sdk.FunctionTool(raw, helper)
		if err != nil {
			return nil, err
		}
		return jsbridge.JSON(out), nil
	}
}

// removeAuthorization({authorizationId}) deletes that connected account
// (E8) and resolves {status, data}, as the official runtime; the instance
// emits did-remove-authorization {authorizationId} once the server
// confirmed. A failure rejects with its code
// (docs/protocol.md#differs-http-failures).
func removeAuthorization(inst *instance, a jsbridge.Args) (work, error) {
	o, err := readOptions(a, 0)
	if err != nil {
		return nil, err
	}
	id := o.id("authorizationId")
	if o.err != nil {
		return nil, o.err
	}
	if id == "" {
		return nil, sdk.InvalidArgument("removeAuthorization requires {authorizationId}")
	}
	return func(ctx context.Context) (any, error) {
		r, err := inst.client.RemoveAuthorization(ctx, id)
		if err != nil {
			return nil, err
		}
		data := jsbridge.JSON("null")
		if r.Data != nil {
			data = r.Data.JSON()
		}
		return jsbridge.Fields("status", float64(r.Status), "data", data), nil
	}, nil
}

// renderAccountConnectionModal({appId}) opens, in a modal, the page of the
// app with that ID: its accounts, Connect and Add account. The official
// runtime's modal connects one account of the app; deploymentId and
// authTypeId have no meaning here (docs/protocol.md#surface).
func renderAccountConnectionModal(inst *instance, a jsbridge.Args) (work, error) {
	o, err := readOptions(a, 0)
	if err != nil {
		return nil, err
	}
	want := o.id("appId")
	if o.err != nil {
		return nil, o.err
	}
	if want == "" {
		return nil, sdk.InvalidArgument("renderAccountConnectionModal requires {appId}")
	}
	env := inst.uiEnv()
	return func(ctx context.Context) (any, error) {
		for app, err := range inst.client.Apps(ctx, nil) {
			if err != nil {
				return nil, err
			}
			if strconv.FormatInt(app.ID, 10) != want {
				continue
			}
			_, err := ui.ShowApps(ctx, env, ui.AppsOptions{AppName: app.Name, Page: true, Mode: ui.RenderMode("MODAL")})
			return nil, err
		}
		return nil, &sdk.Error{Code: sdk.CodeAppNotFound, Message: "no app has the ID " + want}
	}, nil
}
