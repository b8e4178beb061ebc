//go:build js && wasm

package main

import (
	"context"
	"encoding/json"
	"iter"
	"sync"
	"syscall/js"

	"github.com/integry-go/integry/jsbridge"
	"github.com/integry-go/integry/sdk"
)

// The core methods of IntegryJS (the UI methods live in ui_methods.go). Each
// checks its arguments synchronously and rejects with invalid_argument
// before any request; failures reject with an IntegryError instead of
// resolving null, [] or false as @integry/sdk 4.9.37 does (wire spec §7.3).
func init() {
	registerMethod("__ready", readyMethod)
	registerMethod("verifyAuthConfig", verifyAuthConfig)
	registerMethod("isAppConnected", appMethod(func(ctx context.Context, inst *instance, name string) (any, error) {
		return inst.client.IsAppConnected(ctx, name)
	}))
	registerMethod("getConnectedAccounts", appMethod(func(ctx context.Context, inst *instance, name string) (any, error) {
		return inst.client.ConnectedAccounts(ctx, name)
	}))
	registerMethod("getApp", appMethod(func(ctx context.Context, inst *instance, name string) (any, error) {
		return inst.client.GetApp(ctx, name)
	}))
	registerMethod("disconnectApp", disconnectApp)
	registerMethod("getFunction", getFunction)
	registerMethod("invokeFunction", invokeFunction)
	registerMethod("callFunction", callFunction)
	registerMethod("__pagerOpen", pagerOpen)
	registerMethod("__pagerNext", pagerNext)
	registerMethod("__pagerClose", pagerClose)
}

// readyMethod backs integry.ready: {isReady: true} once the config is
// verified, or the verification's error.
func readyMethod(inst *instance, _ []js.Value) (func(context.Context) (any, error), error) {
	return func(ctx context.Context) (any, error) {
		select {
		case <-inst.verified:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if inst.verifyErr != nil {
			return nil, inst.verifyErr
		}
		return jsbridge.SmallValue(readyPayload{IsReady: true}), nil
	}, nil
}

// verifyAuthConfig() resolves the verify-sdk-config body as the server sent
// it: {config_verified: true, meta: {app: {name}, storage}}.
func verifyAuthConfig(inst *instance, _ []js.Value) (func(context.Context) (any, error), error) {
	return func(ctx context.Context) (any, error) {
		v, err := inst.client.VerifyConfig(ctx)
		if err != nil {
			return nil, err
		}
		return json.RawMessage(v.Raw), nil
	}, nil
}

// appMethod is a method whose only argument is a required app name.
func appMethod(do func(ctx context.Context, inst *instance, name string) (any, error)) method {
	return func(inst *instance, args []js.Value) (func(context.Context) (any, error), error) {
		name, err := jsbridge.Args(jsbridge.Values(args)).Name(0, "appName")
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context) (any, error) { return do(ctx, inst, name) }, nil
	}
}

// disconnectApp(appName, connectedAccountId?) resolves, once the server has
// deleted the account, with the app as re-fetched (remaining accounts newest
// first, connected_account_id the removed one), the same object the
// app-disconnected event carries.
func disconnectApp(inst *instance, args []js.Value) (func(context.Context) (any, error), error) {
	a := jsbridge.Args(jsbridge.Values(args))
	name, err := a.OptString(0, "appName")
	if err != nil {
		return nil, err
	}
	id, err := a.AccountID(1, "connectedAccountId")
	if err != nil {
		return nil, err
	}
	if name == "" && id == "" {
		return nil, jsbridge.InvalidArgument("'disconnectApp' requires either 'appName' or 'connectedAccountId'")
	}
	return func(ctx context.Context) (any, error) {
		return inst.client.Disconnect(ctx, name, id)
	}, nil
}

// getFunction(functionName) resolves the signature exactly as the server sent it.
func getFunction(inst *instance, args []js.Value) (func(context.Context) (any, error), error) {
	name, err := jsbridge.Args(jsbridge.Values(args)).Name(0, "functionName")
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) (any, error) {
		f, err := inst.client.GetFunction(ctx, name, nil)
		if err != nil {
			return nil, err
		}
		return json.RawMessage(f.Raw), nil
	}, nil
}

// functionArgs reads the (functionName, params, connectedAccountId?) that
// invokeFunction, paginate and showFunctionUI share; params may be absent
// when optional is true.
func functionArgs(args []js.Value, optional bool) (name string, params json.RawMessage, accountID string, err error) {
	a := jsbridge.Args(jsbridge.Values(args))
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
func invokeFunction(inst *instance, args []js.Value) (func(context.Context) (any, error), error) {
	name, params, id, err := functionArgs(args, false)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) (any, error) {
		return callResult(inst.client.CallFunction(ctx, name, params, &sdk.CallOptions{ConnectedAccountID: id}))
	}, nil
}

// callFunction(functionName, params, vars = {}, connectedAccountId, version =
// null, allow_workspace_connected_accounts = false): the official signature;
// vars go as _variables, always an object.
func callFunction(inst *instance, args []js.Value) (func(context.Context) (any, error), error) {
	a := jsbridge.Args(jsbridge.Values(args))
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
		vars = json.RawMessage("{}")
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
	opts := &sdk.CallOptions{ConnectedAccountID: id, Version: version, AllowWorkspace: allow, Variables: vars}
	return func(ctx context.Context) (any, error) {
		return callResult(inst.client.CallFunction(ctx, name, params, opts))
	}, nil
}

func callResult(r *sdk.CallResult, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	if len(r.Raw) > 0 {
		// The body as the server sent it, straight to JSON.parse: marshalling
		// it again would re-validate megabytes in wasm (measured: 100+ ms of
		// encoding/json.appendCompact for 30 calls of 142 KB).
		return json.RawMessage(r.Raw), nil
	}
	b, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	return json.RawMessage(b), nil
}

// pager is one paginate() iteration: sdk.Client.CallPages pulled one page at
// a time. mu keeps next and stop from running at once.
type pager struct {
	mu   sync.Mutex
	next func() (*sdk.CallResult, error, bool)
	halt func()
}

func (p *pager) stop() {
	go func() { // waits for a next in progress, which the cancelled ctx ends
		p.mu.Lock()
		defer p.mu.Unlock()
		p.halt()
	}()
}

// pagerOpen(functionName, params, connectedAccountId?) starts a paginate()
// iteration and resolves its id. The loader's async iterator calls it on the
// first next().
func pagerOpen(inst *instance, args []js.Value) (func(context.Context) (any, error), error) {
	name, params, id, err := functionArgs(args, true)
	if err != nil {
		return nil, err
	}
	return func(context.Context) (any, error) {
		next, halt := iter.Pull2(inst.client.CallPages(inst.ctx, name, params, &sdk.CallOptions{ConnectedAccountID: id}))
		inst.mu.Lock()
		defer inst.mu.Unlock()
		if inst.ctx.Err() != nil {
			halt()
			return nil, destroyedError
		}
		inst.nextPg++
		inst.pagers[inst.nextPg] = &pager{next: next, halt: halt}
		return inst.nextPg, nil
	}, nil
}

func (inst *instance) pager(args []js.Value) (int, *pager, error) {
	a := jsbridge.Args(jsbridge.Values(args))
	idText, err := a.AccountID(0, "pager id")
	if err != nil {
		return 0, nil, err
	}
	var id int
	_ = json.Unmarshal([]byte(idText), &id)
	inst.mu.Lock()
	defer inst.mu.Unlock()
	return id, inst.pagers[id], nil
}

// pagerNext(id) resolves the iterator result {done, value}: value is the next
// page, a call result as the server sent it.
func pagerNext(inst *instance, args []js.Value) (func(context.Context) (any, error), error) {
	id, p, err := inst.pager(args)
	if err != nil {
		return nil, err
	}
	return func(context.Context) (any, error) {
		if p == nil {
			return json.RawMessage(`{"done":true}`), nil
		}
		p.mu.Lock()
		res, err, ok := p.next()
		p.mu.Unlock()
		if !ok || err != nil {
			inst.mu.Lock()
			delete(inst.pagers, id)
			inst.mu.Unlock()
			p.stop()
		}
		if err != nil {
			return nil, err
		}
		if !ok {
			return json.RawMessage(`{"done":true}`), nil
		}
		b := []byte(res.Raw) // as sent; see callResult
		if len(b) == 0 {
			if b, err = json.Marshal(res); err != nil {
				return nil, err
			}
		}
		return json.RawMessage(`{"done":false,"value":` + string(b) + `}`), nil
	}, nil
}

// pagerClose(id) ends an iteration early (the iterator's return()).
func pagerClose(inst *instance, args []js.Value) (func(context.Context) (any, error), error) {
	id, p, err := inst.pager(args)
	if err != nil {
		return nil, err
	}
	return func(context.Context) (any, error) {
		if p != nil {
			inst.mu.Lock()
			delete(inst.pagers, id)
			inst.mu.Unlock()
			p.stop()
		}
		return json.RawMessage(`{"done":true}`), nil
	}, nil
}
