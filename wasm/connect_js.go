//go:build js && wasm

package main

import (
	"context"
	"syscall/js"

	"github.com/hack-pad/safejs"
	"github.com/integry-go/integry/jsbridge"
	"github.com/integry-go/integry/sdk"
)

// startConnect begins connecting appName for this instance's user. It opens
// the popup synchronously (at about:blank, with a "Connecting…" page), so it
// must be called inside the JavaScript call that handles the user's click,
// before anything awaits: a blocked popup is an immediate popup_blocked
// error. On success, run wait exactly once on a goroutine (a method's work
// function is one): it runs the sdk connect flow (fetch the app, navigate the
// popup to login_url, wait for the login page's message, the popup closing or
// the deadline), emits app-connected and returns the new account. wait
// removes the message listener however it ends.
//
//	registerMethod("myConnect", func(inst *instance, args []js.Value) (func(context.Context) (any, error), error) {
//		wait, err := inst.startConnect("slack") // inside the click
//		if err != nil {
//			return nil, err // rejects at once
//		}
//		return func(ctx context.Context) (any, error) {
//			res, err := wait(ctx) // on the promise goroutine
//			if err != nil {
//				return nil, err
//			}
//			return res.AccountID, nil
//		}, nil
//	})
func (inst *instance) startConnect(appName string) (wait func(ctx context.Context) (*sdk.ConnectResult, error), err error) {
	if inst.ctx.Err() != nil {
		return nil, destroyedError
	}
	popup, err := jsbridge.OpenPopup()
	if err != nil {
		return nil, err
	}
	return inst.connectIn(appName, popup)
}

// connectIn is startConnect with a popup that is already open.
func (inst *instance) connectIn(appName string, popup *jsbridge.Popup) (func(ctx context.Context) (*sdk.ConnectResult, error), error) {
	msgs, stop, err := jsbridge.Messages(popup)
	if err != nil {
		popup.Close()
		return nil, err
	}
	return func(ctx context.Context) (*sdk.ConnectResult, error) {
		defer stop()
		return inst.client.Connect(ctx, appName, popup, sdk.ConnectOptions{Messages: msgs})
	}, nil
}

// connectApp(appName) resolves the new connected account's ID as a string.
// The loader may pass a window it opened itself (when the call came before
// the wasm was ready) as a second, internal argument.
func connectApp(inst *instance, args []js.Value) (func(context.Context) (any, error), error) {
	a := jsbridge.Args(jsbridge.Values(args))
	var opened *jsbridge.Popup
	if w := a.At(1); jsbridge.Kind(w) == safejs.TypeObject && !w.IsNull() {
		if closed, err := w.Get("closed"); err == nil && jsbridge.Kind(closed) == safejs.TypeBoolean {
			opened, _ = jsbridge.AdoptPopup(w) // a window, not any object
		}
	}
	name, err := a.Name(0, "appName")
	if err != nil {
		if opened != nil {
			opened.Close()
		}
		return nil, err
	}
	var wait func(context.Context) (*sdk.ConnectResult, error)
	if opened != nil {
		wait, err = inst.connectIn(name, opened)
	} else {
		wait, err = inst.startConnect(name)
	}
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) (any, error) {
		res, err := wait(ctx)
		if err != nil {
			return nil, err
		}
		return res.AccountID, nil
	}, nil
}

func init() { registerMethod("connectApp", connectApp) }
