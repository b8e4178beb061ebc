package sdk

import (
	"context"
	"strconv"
	"strings"
)

// EventDidRemoveAuthorization is emitted by [Client.RemoveAuthorization]
// once the server has deleted the account; its payload is a
// [RemovedAuthorization].
const EventDidRemoveAuthorization Event = "did-remove-authorization"

// RemovedAuthorization is the payload of [EventDidRemoveAuthorization]:
// the ID of the connected account removed.
type RemovedAuthorization struct {
	AuthorizationID int64
}

// Removal is what [Client.RemoveAuthorization] returns: the delete's HTTP
// status and its body (nil when empty, as the sandbox's 204 is).
type Removal struct {
	Status int
	Data   Doc
}

// RemoveAuthorization deletes a connected account by its ID (an
// "authorization" in the official runtime's words), as removeAuthorization
// does in @integry/sdk: no app is re-fetched and app-disconnected is not
// emitted; did-remove-authorization is, once the server confirmed.
//
// Wire: DELETE {baseUrl}/connected-accounts/{id}?force=false&Q
// (docs/protocol.md#e8-delete-connected-account).
func (c *Client) RemoveAuthorization(ctx context.Context, id string) (*Removal, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(id), 10, 64)
	if err != nil || n <= 0 {
		return nil, InvalidArgument("authorizationId must be a positive integer")
	}
	r := c.newRequest("DELETE", c.cfg.BaseURL, false, "connected-accounts", strconv.FormatInt(n, 10))
	r.query.add("force", "false")
	c.creds(r)
	res, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	if err := r.check(res); err != nil {
		return nil, err
	}
	c.events.Emit(EventDidRemoveAuthorization, RemovedAuthorization{AuthorizationID: n})
	return &Removal{Status: res.status, Data: res.body}, nil
}
