//go:build js && wasm

package jsbridge

import (
	"encoding/json"
	"net/url"
	"strconv"

	"github.com/hack-pad/safejs"
	"github.com/integry-go/integry/sdk"
)

// Popup sizes, as the official SDK's connect window.
const (
	PopupWidth  = 800
	PopupHeight = 600
	// PopupName is the window name the official SDK uses.
	PopupName = "Auth Window"
)

// Popup is a browser window opened for a connect flow; it implements
// [sdk.Popup].
//
// MDN: https://developer.mozilla.org/docs/Web/API/Window/open
type Popup struct {
	win safejs.Value
}

var _ sdk.Popup = (*Popup)(nil)

// OpenPopup opens an 800×600 window at about:blank, centred on the top window
// (top = outerHeight/2 + screenY − 300, left = outerWidth/2 + screenX − 400;
// no position inside an iframe), and writes a small "Connecting…" page into
// it. A browser allows this only during a user gesture, so call it
// synchronously in the JavaScript call that handles the click, before any
// await. A blocked popup (window.open returns null) is popup_blocked.
func OpenPopup() (*Popup, error) {
	win, err := Global().Get("window")
	if err != nil || Kind(win) != safejs.TypeObject {
		return nil, &sdk.Error{Code: sdk.CodePopupBlocked, Message: "there is no window to open a popup from"}
	}
	features := "toolbar=no, location=no, directories=no, status=no, menubar=no, scrollbars=no, resizable=no, copyhistory=no, width=" +
		strconv.Itoa(PopupWidth) + ", height=" + strconv.Itoa(PopupHeight)
	if pos, ok := centred(win); ok {
		features += pos
	}
	w, err := win.Call("open", "about:blank", PopupName, features)
	if err != nil { // the official SDK retries with only the name
		w, err = win.Call("open", "about:blank", PopupName)
	}
	if err != nil || Kind(w) != safejs.TypeObject || w.IsNull() {
		return nil, &sdk.Error{Code: sdk.CodePopupBlocked, Message: "The connect popup was blocked by the browser; call connectApp from a click handler"}
	}
	p := &Popup{win: w}
	p.writeWaitingPage()
	return p, nil
}

// AdoptPopup wraps a window the page already opened (the loader opens one when
// connectApp is called before the wasm is ready). null or undefined is
// popup_blocked.
func AdoptPopup(w safejs.Value) (*Popup, error) {
	if Kind(w) != safejs.TypeObject || w.IsNull() {
		return nil, &sdk.Error{Code: sdk.CodePopupBlocked, Message: "The connect popup was blocked by the browser; call connectApp from a click handler"}
	}
	return &Popup{win: w}, nil
}

// centred returns the ", top=…, left=…" features, or false inside an iframe
// or when the top window cannot be read.
func centred(win safejs.Value) (string, bool) {
	self, err1 := win.Get("self")
	top, err2 := win.Get("top")
	if err1 != nil || err2 != nil || !self.Equal(top) {
		return "", false
	}
	num := func(k string) (float64, bool) {
		v, err := top.Get(k)
		if err != nil || Kind(v) != safejs.TypeNumber {
			return 0, false
		}
		f, err := v.Float()
		return f, err == nil
	}
	oh, ok1 := num("outerHeight")
	sy, ok2 := num("screenY")
	ow, ok3 := num("outerWidth")
	sx, ok4 := num("screenX")
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return "", false
	}
	t := oh/2 + sy - PopupHeight/2
	l := ow/2 + sx - PopupWidth/2
	return ", top=" + strconv.FormatFloat(t, 'f', -1, 64) + ", left=" + strconv.FormatFloat(l, 'f', -1, 64), true
}

// writeWaitingPage puts "Connecting…" into the blank popup, as text.
func (p *Popup) writeWaitingPage() {
	doc, err := p.win.Get("document")
	if err != nil || Kind(doc) != safejs.TypeObject {
		return
	}
	_ = doc.Set("title", "Connecting…")
	body, err := doc.Get("body")
	if err != nil || Kind(body) != safejs.TypeObject || body.IsNull() {
		return
	}
	if style, err := body.Get("style"); err == nil {
		_ = style.Set("cssText", "font: 16px system-ui, sans-serif; display: grid; place-items: center; height: 100vh; margin: 0; color: #333")
	}
	_ = body.Set("textContent", "Connecting…")
}

// Window returns the popup's window object.
func (p *Popup) Window() safejs.Value { return p.win }

// Navigate sends the popup to an http or https URL (anything else, such as a
// javascript: URL from a compromised server, is refused: the blank popup
// shares the page's origin).
//
// MDN: https://developer.mozilla.org/docs/Web/API/Location/replace
func (p *Popup) Navigate(u string) error {
	pu, err := url.Parse(u)
	if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
		return &sdk.Error{Code: sdk.CodeConnectFailed, Message: "the login URL is not an http(s) URL"}
	}
	loc, err := p.win.Get("location")
	if err != nil {
		return err
	}
	_, err = loc.Call("replace", u)
	return err
}

// Closed reports window.closed; a window that cannot be read counts as open.
//
// MDN: https://developer.mozilla.org/docs/Web/API/Window/closed
func (p *Popup) Closed() bool {
	v, err := p.win.Get("closed")
	if err != nil {
		return false
	}
	b, err := v.Bool()
	return err == nil && b
}

// Close closes the popup; closing a closed one does nothing.
func (p *Popup) Close() { _, _ = p.win.Call("close") }

// Messages listens to the page's message events and delivers them as
// [sdk.Message] values, FromPopup set when event.source is the popup, until
// stop is called. Data is event.data as JSON; a message whose data has no
// JSON form is dropped. The channel is buffered; when it is full, messages
// are dropped rather than blocking the event loop. Call Messages synchronously
// next to [OpenPopup] and stop when the flow ends.
//
// MDN: https://developer.mozilla.org/docs/Web/API/Window/message_event
func Messages(p *Popup) (ch <-chan sdk.Message, stop func(), err error) {
	win, err := Global().Get("window")
	if err != nil || Kind(win) != safejs.TypeObject {
		return nil, nil, &sdk.Error{Code: sdk.CodeInternal, Message: "there is no window to listen on"}
	}
	out := make(chan sdk.Message, 64)
	fn, err := FuncOf(func(_ safejs.Value, a []safejs.Value) any {
		ev := arg(a, 0)
		var m sdk.Message
		m.Origin, _ = GetString(ev, "origin")
		if src, err := ev.Get("source"); err == nil && p != nil {
			m.FromPopup = src.Equal(p.win)
		}
		data, err := ev.Get("data")
		if err != nil {
			return nil
		}
		text, err := Stringify(data)
		if err != nil {
			return nil
		}
		m.Data = json.RawMessage(text)
		select {
		case out <- m:
		default:
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if _, err := win.Call("addEventListener", "message", fn.Value()); err != nil {
		fn.Release()
		return nil, nil, err
	}
	stop = func() {
		_, _ = win.Call("removeEventListener", "message", fn.Value())
		fn.Release()
	}
	return out, stop, nil
}
