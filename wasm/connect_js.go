//go:build js && wasm

package main

import (
	"context"

	"github.com/integry-go/integry/jsbridge"
	"github.com/integry-go/integry/sdk"
)

func init() { registerMethod("connectApp", connectApp) }

// connectApp(appName) resolves the new connected account's ID. The loader
// opened the popup inside the page's click (it always does, wasm loaded or
// not) and passes it as a second argument; a blocked popup never gets here.
func connectApp(inst *instance, a jsbridge.Args) (work, error) {
	name, err := a.Name(0, "appName")
	if err != nil {
		if popup, perr := jsbridge.AdoptPopup(a.At(1)); perr == nil {
			popup.Close()
		}
		return nil, err
	}
	popup, err := jsbridge.AdoptPopup(a.At(1))
	if err != nil {
		return nil, err
	}
	wait := inst.connectIn(name, popup)
	return func(ctx context.Context) (any, error) {
		res, err := wait(ctx)
		if err != nil {
			return nil, err
		}
		return res.AccountID, nil
	}, nil
}

// startConnect opens the popup now (inside a click in the form: call it
// synchronously) and returns the wait that runs the flow; it is what the
// UI's Connect buttons use.
func (inst *instance) startConnect(appName string) (func(ctx context.Context) (*sdk.ConnectResult, error), error) {
	if inst.ctx.Err() != nil {
		return nil, destroyedError
	}
	popup, err := jsbridge.OpenPopup()
	if err != nil {
		return nil, err
	}
	return inst.connectIn(appName, popup), nil
}

// connectIn listens for the login page's message at once (it may come before
// the wait starts) and returns the wait: the sdk's connect flow, which
// emits app-connected.
func (inst *instance) connectIn(appName string, popup *jsbridge.Popup) func(ctx context.Context) (*sdk.ConnectResult, error) {
	msgs, stop := jsbridge.Messages(popup)
	return func(ctx context.Context) (*sdk.ConnectResult, error) {
		defer stop()
		return inst.client.Connect(ctx, appName, popup, sdk.ConnectOptions{Messages: msgs})
	}
}
