package sandbox

import (
	"crypto/sha256"
	"encoding/binary"
	"net/http"
	"time"

	"github.com/integry-go/integry/sdk"
)

// Apps that need no login still show a connected account in a function's
// meta.app: the official function form reads meta.app.connected_accounts
// and refuses to render without one, for every app alike
// (docs/protocol.md#official-form-no-login). The sandbox, as the backend,
// gives each user one implicit account on a no-login app there. It is not
// stored: the app object of E2 and E3 keeps listing the user's stored
// accounts (none), a call to a no-login app needs no account, and the
// implicit account's ID is the same on every read.

// noLoginDisplay is the display name of a no-login app's implicit account.
const noLoginDisplay = "No login required"

// noLoginIDBase starts the range of implicit accounts' IDs, far above the
// stored accounts' (accountIDBase plus a sequence).
const noLoginIDBase = 900_000_000

// noLoginModified is the implicit account's modified_at.
var noLoginModified = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// noLoginAccountID is user's implicit account ID on app.
func noLoginAccountID(user, app string) int64 {
	h := sha256.Sum256([]byte("no-login\x00" + user + "\x00" + app))
	return noLoginIDBase + int64(binary.BigEndian.Uint32(h[:4])%100_000_000)
}

// metaApp renders a function's meta.app: the app object, with the implicit
// account when the app needs no login and the user has stored none.
func (s *Server) metaApp(r *http.Request, user string, a *CatalogApp, accounts []account) sdk.App {
	out := s.appObject(r, user, a, accounts)
	if a.Auth == AuthNone && len(out.ConnectedAccounts) == 0 {
		out.ConnectedAccounts = []sdk.ConnectedAccount{{ID: noLoginAccountID(user, a.Name), DisplayName: noLoginDisplay, ModifiedAt: noLoginModified}}
	}
	return out
}
