package sdk

import (
	"context"
	"strconv"
)

// User variables (docs/flows.md#user-variables): values the customer's app
// needs from each of its users, which the page passes in the config's user
// object (user.apiKey, user.workspace_id, …). The flow setup reads send
// them, and the flow widgets warn when the app defines one the config
// lacks.

// UserVariable is one variable the customer's app asks each user's config
// for. Doc is the variable as the server sent it.
type UserVariable struct {
	Key      string // api_key is user.apiKey; any other key is user[key]
	Title    string
	Required bool
	Doc      Doc
}

// EventEmbedWarning is the event the official runtime fires when a user
// variable has no value (did-raise-sdk-embed-warning).
const EventEmbedWarning Event = "did-raise-sdk-embed-warning"

// UserVariables returns the user variables the customer's app defines.
//
// Wire: GET {baseUrl}/api/v1/app-user-variables/?Q, a page whose results
// are the variables (docs/flows.md#user-variables).
func (c *Client) UserVariables(ctx context.Context) ([]UserVariable, error) {
	r := c.creds(c.newRequest("GET", c.cfg.BaseURL, true, "api", "v1", "app-user-variables"))
	r.idempotent = true
	d, err := c.send(ctx, r, 0)
	if err != nil {
		return nil, err
	}
	list := d
	if d != nil && d.Kind() == KindObject { // a page: {count, results}
		list = d.Get("results")
	}
	if list == nil || list.Kind() != KindArray {
		return nil, errShape("the user variables are not a JSON array")
	}
	out := make([]UserVariable, 0, list.Len())
	for i := range list.Len() {
		e := list.Index(i)
		if e == nil || e.Kind() != KindObject {
			return nil, errShape("a user variable is not a JSON object")
		}
		req := e.Get("is_required")
		out = append(out, UserVariable{Key: text(e, "key"), Title: text(e, "title"),
			Required: req != nil && req.Kind() == KindBool && req.Text() == "true", Doc: e})
	}
	return out, nil
}

// MissingUserVariables reports whether one of vars has no value in the
// config: api_key needs UserAPIKey, any other key must be in UserValues.
// With requiredOnly, a variable that is not required (other than api_key)
// never counts as missing; the official showFlows checks every variable,
// its renderAppFlows only the required ones.
func (c *Client) MissingUserVariables(vars []UserVariable, requiredOnly bool) bool {
	for _, v := range vars {
		switch {
		case v.Key == "api_key":
			if c.cfg.UserAPIKey == "" {
				return true
			}
		case requiredOnly && !v.Required:
		default:
			set := false
			for _, k := range c.cfg.UserValues {
				set = set || k == v.Key
			}
			if !set {
				return true
			}
		}
	}
	return false
}

// selfAuth adds the user variables to a flow setup read, as the official
// runtime's template reads send them: self_api_key and self_auth_extras
// (docs/flows.md#user-variables).
func (c *Client) selfAuth(r *request) *request {
	r.query.addIf("self_api_key", c.cfg.UserAPIKey)
	r.query.addIf("self_auth_extras", c.cfg.UserExtras)
	return r
}

// VerifyAuthorization asks whether the user's account id can be used by a
// flow step: valid, or not with the server's reason (message). The setup
// form asks it for the account each step uses, as the official form does.
//
// Wire: POST {authBaseUrl}/auth/verify?Q&authorization_id=…&return_error=true,
// answering {is_valid, error_message} (docs/flows.md#setup).
func (c *Client) VerifyAuthorization(ctx context.Context, id int64) (valid bool, message string, err error) {
	r := c.creds(c.newRequest("POST", c.cfg.AuthBaseURL, false, "auth", "verify"))
	r.query.add("authorization_id", strconv.FormatInt(id, 10))
	r.query.add("return_error", "true")
	d, err := c.send(ctx, r, KindObject)
	if err != nil {
		return false, "", err
	}
	return text(d, "is_valid") == "true", text(d, "error_message"), nil
}

// Objects returns the config's payloads as JSON text, "" without them: the
// objects templates' webhook fields name (docs/flows.md#payloads).
func (c *Client) Objects() string { return c.cfg.Objects }
