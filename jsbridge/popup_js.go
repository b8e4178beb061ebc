//go:build js && wasm

package jsbridge

import (
	"syscall/js"

	"github.com/integry-go/integry/sdk"
)

// Popup is [sdk.Popup] over a window the loader opened with window.open,
// inside the page's click (a browser allows popups nowhere else). The loader
// is the only place that opens popups (web/loader/loader.mjs, openPopup).
//
// MDN: https://developer.mozilla.org/docs/Web/API/Window/open
type Popup struct{ win js.Value }

var _ sdk.Popup = (*Popup)(nil)

// errBlocked is the error for a popup the browser did not open.
var errBlocked = &sdk.Error{Code: sdk.CodePopupBlocked, Message: "The connect popup was blocked by the browser; call connectApp from a click handler"}

// AdoptPopup takes over the window the loader opened: v must be a window
// (an object with a boolean closed), else it is popup_blocked.
func AdoptPopup(v Value) (*Popup, error) {
	closed, err := getUntrusted(v.v, "closed")
	if err != nil || typeOf(closed) != js.TypeBoolean {
		return nil, errBlocked
	}
	return &Popup{win: v.v}, nil
}

// OpenPopup opens the connect popup with the loader's openPopup, the one
// place that opens popups. Call it synchronously inside the page's click
// (a listener of the form's Connect button), never after a wait.
func OpenPopup() (*Popup, error) {
	var w js.Value
	if err := try(func() { w = host.popup.Invoke() }); err != nil {
		return nil, errBlocked
	}
	return AdoptPopup(Value{w})
}

// Navigate sends the popup to an absolute http(s) URL.
func (p *Popup) Navigate(u string) error {
	if sdk.Origin(u) == "" {
		return &sdk.Error{Code: sdk.CodeConnectFailed, Message: "the login URL is not an http(s) URL"}
	}
	loc, ok := peek(p.win, "location")
	if !ok {
		return &sdk.Error{Code: sdk.CodeConnectFailed, Message: "the popup has no location"}
	}
	_, err := call(loc, "replace", u)
	return err
}

// Closed reports popup.closed (which Cross-Origin-Opener-Policy can make
// lie; the connect flow checks the server before it believes it). The
// window is read with peek: it came through an argument.
func (p *Popup) Closed() bool {
	v, ok := peek(p.win, "closed")
	return ok && typeOf(v) == js.TypeBoolean && v.Bool()
}

// Close closes the popup; closing a closed popup does nothing.
func (p *Popup) Close() { _, _ = call(p.win, "close") }

// Messages delivers the page's message events while a connect flow runs,
// FromPopup set when event.source is p's window. stop removes the listener.
//
// MDN: https://developer.mozilla.org/docs/Web/API/Window/message_event
func Messages(p *Popup) (ch <-chan sdk.Message, stop func()) {
	out := make(chan sdk.Message, 64)
	id := listen(func(*event) bool {
		ev := frameValue(0) // the message event, in the frame of dispatch
		// The page can dispatch a MessageEvent of its own, with any data
		// (a Proxy, getters): the event is read with peek, and the data of
		// the popup's messages (the only ones the sdk reads) cloned first:
		// structuredClone refuses what is not plain data.
		var m sdk.Message
		m.Origin, _ = peekString(ev, "origin")
		if src, ok := peek(ev, "source"); ok {
			m.FromPopup = src.Equal(p.win)
		}
		if data, ok := peek(ev, "data"); ok && m.FromPopup {
			if clone, err := call(global, "structuredClone", data); err == nil {
				if text, err := call(jsJSON, "stringify", clone); err == nil && typeOf(text) == js.TypeString {
					m.Data, _ = sdk.ParseDoc([]byte(text.String())) // nil when it is no JSON value
				}
			}
		}
		select {
		case out <- m:
		default: // a flood: the flow needs one good message
		}
		return false
	})
	onMessage := func(on bool) { _ = try(func() { host.message.Invoke(id, on) }) }
	onMessage(true)
	return out, func() {
		onMessage(false)
		unlisten(id)
	}
}
