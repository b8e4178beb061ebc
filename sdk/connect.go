package sdk

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// Popup is the window a connect flow runs in. The browser adapter lives in
// jsbridge; tests use a fake. The popup must already be open (a browser only
// allows window.open inside the user's click), so the flow receives it rather
// than opening it.
type Popup interface {
	// Navigate sends the popup to url.
	Navigate(url string) error
	// Closed reports whether the popup was closed. It may lie under
	// Cross-Origin-Opener-Policy; the flow checks the server before believing it.
	Closed() bool
	// Close closes the popup; closing a closed popup does nothing.
	Close()
}

// Message is a postMessage the page received while a connect flow ran.
type Message struct {
	Origin    string // event.origin
	FromPopup bool   // event.source === the popup
	Data      Doc    // event.data; nil when it is no JSON-like value
}

// ConnectOptions tune [Client.Connect].
type ConnectOptions struct {
	// Messages delivers the page's message events. Required.
	Messages <-chan Message
	// AllowedOrigins are accepted besides the login page's origin and the
	// auth base URL's.
	AllowedOrigins []string
	// Timeout bounds the whole flow; default Config.ConnectTimeout.
	Timeout time.Duration
	// PollInterval is how often the popup is checked for being closed;
	// default 500ms, as the official SDK.
	PollInterval time.Duration
}

// ConnectResult is a successful connect.
type ConnectResult struct {
	AccountID     string // the new connected account, as a decimal string
	App           *App   // re-fetched after the connect, ConnectedAccountID set
	AlreadyExists bool   // the same external account was connected before
	UserIdentity  string // what the login page called the account, if it said
}

// authMessage is what the login page posts to its opener.
type authMessage struct {
	AuthorizationID string // authorization_id, a number or a string
	UserIdentity    string
	AlreadyExists   bool
	Error           Doc // error, when the user denied
}

// readAuthMessage reads a message's data; ok is false for anything that is
// not an object.
func readAuthMessage(d Doc) (am authMessage, ok bool) {
	if d == nil || d.Kind() != KindObject {
		return am, false
	}
	if id := d.Get("authorization_id"); id != nil && (id.Kind() == KindString || id.Kind() == KindNumber) {
		am.AuthorizationID = strings.TrimSpace(id.Text())
	}
	am.UserIdentity = text(d, "user_identity")
	am.AlreadyExists = text(d, "already_exists") == "true"
	if e := d.Get("error"); e != nil && e.Kind() != KindNull {
		am.Error = e
	}
	return am, true
}

// Connect runs the connect flow of appName in popup, which the caller opened
// (a nil popup is popup_blocked). It fetches the app, navigates the popup to
// its login_url and waits for one of:
//
//   - a message with authorization_id from an allowed origin and from the
//     popup: success;
//   - a message with error from the same: connect_failed (the user denied);
//   - the popup closing: the app is re-fetched, and an account that was not
//     there before counts as success, else connect_cancelled;
//   - the deadline: connect_timeout; ctx ending: its cause.
//
// Other messages are ignored. On success the popup is closed, the app is
// re-fetched (accounts newest first, ConnectedAccountID set) and
// app-connected is emitted with it.
func (c *Client) Connect(ctx context.Context, appName string, popup Popup, opts ConnectOptions) (*ConnectResult, error) {
	if popup == nil {
		return nil, &Error{Code: CodePopupBlocked, Message: "The connect popup was blocked by the browser; call connectApp from a click handler"}
	}
	defer popup.Close()
	if err := requireName("app name", appName); err != nil {
		return nil, err
	}
	if opts.Timeout <= 0 {
		opts.Timeout = c.cfg.ConnectTimeout
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = 500 * time.Millisecond
	}
	ctx, cancel := context.WithTimeoutCause(ctx, opts.Timeout,
		&Error{Code: CodeConnectTimeout, Message: "The connect flow timed out"})
	defer cancel()

	app, err := c.GetApp(ctx, appName)
	if err != nil {
		return nil, err
	}
	if app.LoginURL == "" {
		return nil, &Error{Code: CodeNoLoginRequired, Message: "App not found or no authentication required: " + appName}
	}
	before := map[int64]bool{}
	for _, a := range app.ConnectedAccounts {
		before[a.ID] = true
	}
	allowed := map[string]bool{Origin(app.LoginURL): true, Origin(c.cfg.AuthBaseURL): true}
	for _, o := range opts.AllowedOrigins {
		allowed[strings.TrimRight(o, "/")] = true
	}
	if err := popup.Navigate(app.LoginURL); err != nil {
		return nil, &Error{Code: CodeConnectFailed, Message: "could not open the login page: " + err.Error(), Err: err}
	}

	tick := time.NewTicker(opts.PollInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil, ctxError(ctx)
		case m, ok := <-opts.Messages:
			if !ok {
				opts.Messages = nil // no more messages; keep polling
				continue
			}
			if !m.FromPopup || !allowed[strings.TrimRight(m.Origin, "/")] {
				continue
			}
			am, ok := readAuthMessage(m.Data)
			if !ok {
				continue
			}
			if am.AuthorizationID != "" {
				popup.Close()
				return c.connected(ctx, appName, app, am), nil
			}
			if am.Error != nil {
				msg := am.Error.Text()
				if am.Error.Kind() != KindString {
					msg = string(am.Error.JSON())
				}
				return nil, &Error{Code: CodeConnectFailed, Message: "The login page reported: " + msg, Details: m.Data}
			}
		case <-tick.C:
			if !popup.Closed() {
				continue
			}
			fresh, err := c.GetApp(ctx, appName)
			if err != nil {
				return nil, err
			}
			for _, a := range fresh.ConnectedAccounts { // newest first
				if !before[a.ID] {
					id := strconv.FormatInt(a.ID, 10)
					fresh.ConnectedAccountID = id
					c.events.Emit(EventAppConnected, fresh)
					return &ConnectResult{AccountID: id, App: fresh}, nil
				}
			}
			return nil, &Error{Code: CodeConnectCancelled, Message: "Authorization window was closed by the user"}
		}
	}
}

// connected re-fetches the app after a successful connect and emits
// app-connected. If the re-fetch fails the connect still succeeded: the
// event carries the app as fetched before the popup opened, with the new
// account's ID.
func (c *Client) connected(ctx context.Context, appName string, before *App, am authMessage) *ConnectResult {
	app, err := c.GetApp(ctx, appName)
	if err != nil {
		app = before
	}
	app.ConnectedAccountID = am.AuthorizationID
	c.events.Emit(EventAppConnected, app)
	return &ConnectResult{AccountID: am.AuthorizationID, App: app, AlreadyExists: am.AlreadyExists, UserIdentity: am.UserIdentity}
}
