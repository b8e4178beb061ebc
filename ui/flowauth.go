package ui

import (
	"context"
	"strconv"

	"github.com/integry-go/integry/sdk"
)

// The account of a setup step (docs/flows.md#ours-accounts): the form asks
// the server whether the account chosen can be used (POST /auth/verify)
// and keeps Next disabled until it says yes, and a step whose app the
// server names (authorization_type.provider) has Add account (Connect
// without one), which connects an account in the connect popup and
// chooses it, firing did-add-authorization.

// authVerifier is the check; *sdk.Client implements it.
type authVerifier interface {
	VerifyAuthorization(ctx context.Context, id int64) (bool, string, error)
}

// usable reports whether the step's account may be used: chosen, and
// verified when the API can verify. Lock held.
func (f *FlowSetup) usable(s *setupStep) bool {
	_, verifies := f.env.API.(authVerifier)
	return s.account != 0 && (!verifies || s.verified == s.account)
}

// checkAccount verifies the account of the step on page i (each time it is
// chosen or its page shown: an account may go away meanwhile) and enables
// Next once the server says it can be used. Lock held.
func (f *FlowSetup) checkAccount(i int) {
	s := f.steps[i]
	v, ok := f.env.API.(authVerifier)
	if s.account == 0 || !ok {
		return
	}
	s.verified = 0
	f.view.submit.SetAttr("disabled", "")
	account := s.account
	spawn(f.env.Events, "the flow setup's account check", func() {
		valid, why, err := v.VerifyAuthorization(f.ctx, account)
		defer f.w.lock()()
		if f.closed || f.page != i || s.account != account || f.view == nil {
			return
		}
		if err == nil && valid {
			s.verified = account
			f.view.submit.RemoveAttr("disabled")
			f.status.SetText("")
			return
		}
		if why == "" && err != nil {
			why = sdk.AsError(err).Message
		}
		f.status.SetText(f.s.T("flow_auth_error", "error", why))
	}, nil)
}

// addAccountButton adds Add account (or Connect) to the account box of the
// step on page i. Lock held.
func (f *FlowSetup) addAccountButton(box Element, i int) {
	s := f.steps[i]
	if f.env.StartConnect == nil || s.st.Provider == "" {
		return
	}
	label := f.s.T("add_account")
	if len(s.st.Accounts) == 0 {
		label = f.s.T("connect")
	}
	b := textEl(f.env.Doc, "button", "integry-button integry-button-secondary integry-flow-add-account", label,
		"type", "button", "aria-label", label+": "+s.st.App.Name)
	box.Append(b)
	f.offs = append(f.offs, b.On("click", func(Event) {
		unlock := f.w.lock()
		if f.closed {
			unlock()
			return
		}
		wait, err := f.env.StartConnect(s.st.Provider) // inside the click: the popup may open
		if err != nil {
			f.status.SetText(f.s.T("connect_error", "app", s.st.App.Name, "error", sdk.AsError(err).Message))
			unlock()
			return
		}
		b.SetAttr("disabled", "")
		unlock()
		spawn(f.env.Events, "the flow setup's connect", func() {
			res, err := wait(f.ctx)
			defer f.w.lock()()
			if f.closed {
				return
			}
			if err != nil {
				b.RemoveAttr("disabled")
				f.status.SetText(f.s.T("connect_error", "app", s.st.App.Name, "error", sdk.AsError(err).Message))
				return
			}
			f.added(i, res)
		}, func() {
			defer f.w.lock()()
			b.RemoveAttr("disabled")
		})
	}))
}

// added chooses the account just connected for the step on page i, fires
// did-add-authorization and draws the page again. Lock held.
func (f *FlowSetup) added(i int, res *sdk.ConnectResult) {
	s := f.steps[i]
	id, err := strconv.ParseInt(res.AccountID, 10, 64)
	if err != nil || id <= 0 {
		return
	}
	who := res.UserIdentity
	if res.App != nil {
		for _, a := range res.App.ConnectedAccounts {
			if a.ID == id && who == "" {
				who = a.DisplayName
			}
		}
	}
	known := false
	for _, a := range s.st.Accounts {
		known = known || a.ID == id
	}
	if !known {
		s.st.Accounts = append(s.st.Accounts, sdk.FlowAccount{ID: id, Identity: who})
	}
	s.account = id
	f.emit(EventDidAddAuthorization, payload("identity", who, "authorizationId", id, "flowId", f.tpl.ID,
		"appId", s.st.App.ID, "appName", s.st.App.Name, "appIcon", s.st.App.IconURL,
		"alreadyExists", res.AlreadyExists, "externalId", nil))
	if f.page == i {
		f.show(i)
		f.focusPage()
	}
}
