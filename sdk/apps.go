package sdk

import (
	"context"
	"iter"
	"strconv"
	"strings"

	"github.com/integry-go/integry/internal/jsonx"
)

// Verification is the answer of verify-sdk-config. Doc is the body as sent
// (meta.storage included).
type Verification struct {
	ConfigVerified bool
	AppName        string // meta.app.name
	Doc            Doc
}

// VerifyConfig checks the credentials with the backend. A server that answers
// config_verified: false gives an unauthorized error.
//
// Wire: GET {baseUrl}/verify-sdk-config/?Q[&bundle_id=…] (docs/protocol.md#e1-verify-sdk-config).
func (c *Client) VerifyConfig(ctx context.Context) (*Verification, error) {
	r := c.creds(c.newRequest("GET", c.cfg.BaseURL, true, "verify-sdk-config"))
	r.query.addIf("bundle_id", c.cfg.DeploymentID)
	r.idempotent = true
	d, err := c.send(ctx, r, KindObject)
	if err != nil {
		return nil, err
	}
	v := Verification{ConfigVerified: text(d, "config_verified") == "true", Doc: d}
	if meta := d.Get("meta"); meta != nil {
		v.AppName = text(meta.Get("app"), "name")
	}
	if !v.ConfigVerified {
		return nil, &Error{Code: CodeUnauthorized, Message: "the SDK config was not verified"}
	}
	return &v, nil
}

// GetApp returns an app with the user's connected accounts, newest first.
//
// Wire: POST {baseUrl}/apps/{app}/get/?Q, no body (docs/protocol.md#e2-get-app).
func (c *Client) GetApp(ctx context.Context, name string) (*App, error) {
	if err := requireName("app name", name); err != nil {
		return nil, err
	}
	r := c.creds(c.newRequest("POST", c.cfg.BaseURL, true, "apps", name, "get"))
	r.idempotent = true
	r.notFound = CodeAppNotFound
	d, err := c.send(ctx, r, 0)
	if err != nil {
		return nil, err
	}
	if d == nil {
		return nil, errShape("not JSON")
	}
	if d.Kind() == KindNull || d.Kind() == KindObject && d.Len() == 0 {
		return nil, &Error{Code: CodeAppNotFound, Message: "App not found: " + name}
	}
	return AppOf(d)
}

// IsAppConnected reports whether the user has at least one account for the app.
func (c *Client) IsAppConnected(ctx context.Context, name string) (bool, error) {
	app, err := c.GetApp(ctx, name)
	if err != nil {
		return false, err
	}
	return app.IsConnected(), nil
}

// ConnectedAccounts returns the user's accounts for the app, newest first,
// never nil.
func (c *Client) ConnectedAccounts(ctx context.Context, name string) ([]ConnectedAccount, error) {
	app, err := c.GetApp(ctx, name)
	if err != nil {
		return nil, err
	}
	if app.ConnectedAccounts == nil {
		return []ConnectedAccount{}, nil
	}
	return app.ConnectedAccounts, nil
}

// Page sizes the official SDK asks for (docs/protocol.md#e3-list-apps).
const (
	// AppsPageSize is apps/list's page size when none is given.
	AppsPageSize = 30
	// WholeListPageSize asks for a whole listing in one page: the official
	// marketplace's fetchAll, and its flows listing.
	WholeListPageSize = 9999
)

// ListAppsOptions selects a page of apps/list.
type ListAppsOptions struct {
	Cursor        string // from the previous page; "" for the first
	PageSize      int    // default AppsPageSize, as the official SDK
	Search        string
	ConnectedOnly bool
}

// ListApps returns one page of apps.
//
// Wire: POST {apiBaseUrl}/apps/list/?Q&page_size=…[&search=…][&connected_only=true],
// body {"_cursor": "…"} (docs/protocol.md#e3-list-apps).
func (c *Client) ListApps(ctx context.Context, opts *ListAppsOptions) (*AppPage, error) {
	var o ListAppsOptions
	if opts != nil {
		o = *opts
	}
	if o.PageSize <= 0 {
		o.PageSize = AppsPageSize
	}
	r := c.creds(c.newRequest("POST", c.cfg.APIBaseURL, true, "apps", "list"))
	r.query.add("page_size", strconv.Itoa(o.PageSize))
	r.query.addIf("search", o.Search)
	r.query.flag("connected_only", o.ConnectedOnly)
	r.jsonBody(append(jsonx.AppendString([]byte(`{"_cursor":`), o.Cursor), '}'))
	r.idempotent = true
	r.readAll = true // the marketplace shows every app
	d, err := c.send(ctx, r, KindObject)
	if err != nil {
		return nil, err
	}
	out := &AppPage{Apps: []App{}, Cursor: text(d, "_cursor"), Doc: d}
	if n, ok := intOf(d.Get("count")); ok {
		out.Count = int(n)
	}
	err = eachOf(d, "apps", func(e Doc) error {
		a, err := AppOf(e)
		if err == nil {
			out.Apps = append(out.Apps, *a)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Apps iterates over every app, page by page, until the cursor runs out or a
// page comes back empty. The caller's options are copied, not changed.
func (c *Client) Apps(ctx context.Context, opts *ListAppsOptions) iter.Seq2[App, error] {
	var o ListAppsOptions
	if opts != nil {
		o = *opts
	}
	return func(yield func(App, error) bool) {
		for {
			page, err := c.ListApps(ctx, &o)
			if err != nil {
				yield(App{}, err)
				return
			}
			for _, a := range page.Apps {
				if !yield(a, nil) {
					return
				}
			}
			if page.Cursor == "" || len(page.Apps) == 0 || page.Cursor == o.Cursor {
				return
			}
			o.Cursor = page.Cursor
		}
	}
}

// DeleteConnectedAccount removes one connected account. id must be a
// decimal integer.
//
// Wire: DELETE {baseUrl}/connected-accounts/{id}?force=false&Q
// (docs/protocol.md#e8-delete-connected-account).
func (c *Client) DeleteConnectedAccount(ctx context.Context, id string, force bool) error {
	id, err := AccountID("connectedAccountId", id)
	if err == nil && id == "" {
		err = InvalidArgument("connectedAccountId must be a positive integer")
	}
	if err != nil {
		return err
	}
	r := c.newRequest("DELETE", c.cfg.BaseURL, false, "connected-accounts", id)
	r.query.add("force", strconv.FormatBool(force))
	c.creds(r)
	_, err = c.send(ctx, r, 0)
	return err
}

// Disconnect removes a connected account and emits app-disconnected with the
// re-fetched app (remaining accounts newest first, ConnectedAccountID set to
// the removed one), only once the server has confirmed the delete.
//
// With accountID empty, the app must have exactly one account: none is
// not_connected, several is ambiguous_account. With appName empty, the app is
// found among the user's connected apps.
func (c *Client) Disconnect(ctx context.Context, appName, accountID string) (*App, error) {
	appName, accountID = strings.TrimSpace(appName), strings.TrimSpace(accountID)
	if appName == "" && accountID == "" {
		return nil, InvalidArgument("'disconnectApp' requires either 'appName' or 'connectedAccountId'")
	}
	if accountID == "" {
		app, err := c.GetApp(ctx, appName)
		if err != nil {
			return nil, err
		}
		switch len(app.ConnectedAccounts) {
		case 0:
			return nil, &Error{Code: CodeNotConnected, Message: "No connected accounts found for app " + appName}
		case 1:
			accountID = strconv.FormatInt(app.ConnectedAccounts[0].ID, 10)
		default:
			return nil, &Error{Code: CodeAmbiguousAccount, Message: "Multiple connected accounts found for app " + appName}
		}
	}
	if appName == "" {
		name, err := c.appOfAccount(ctx, accountID)
		if err != nil {
			return nil, err
		}
		appName = name
	}
	if err := c.DeleteConnectedAccount(ctx, accountID, false); err != nil {
		return nil, err
	}
	// The account is gone: the event goes out even if the re-fetch fails.
	app := &App{Name: appName, ConnectedAccounts: []ConnectedAccount{}}
	if appName != "" {
		if fresh, err := c.GetApp(ctx, appName); err == nil {
			app = fresh
		}
	}
	if app.ConnectedAccounts == nil {
		app.ConnectedAccounts = []ConnectedAccount{}
	}
	app.ConnectedAccountID = accountID
	c.events.Emit(EventAppDisconnected, app)
	return app, nil
}

// appOfAccount finds which connected app holds the account; "" if none does.
func (c *Client) appOfAccount(ctx context.Context, accountID string) (string, error) {
	for app, err := range c.Apps(ctx, &ListAppsOptions{ConnectedOnly: true, PageSize: 100}) {
		if err != nil {
			return "", err
		}
		if app.HasAccount(accountID) {
			return app.Name, nil
		}
	}
	return "", nil
}
