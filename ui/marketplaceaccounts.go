package ui

import (
	"slices"
	"strconv"

	"github.com/integry-go/integry/sdk"
)

// Connecting and disconnecting from a card: the connect flow, following a
// connect made elsewhere, and the disconnect confirmation.

// connect runs inside the click: the popup opens now, the wait runs in a
// goroutine.
func (m *Marketplace) connect(c *appCard) {
	defer m.lockOpen()()
	if m.closed || c.busy {
		return
	}
	if m.env.StartConnect == nil {
		m.status.SetText(m.s.T("connect_error", "app", appTitle(&c.app), "error", "connect is not available"))
		return
	}
	wait, err := m.env.StartConnect(c.app.Name)
	if err != nil {
		m.status.SetText(m.s.T("connect_error", "app", appTitle(&c.app), "error", sdk.AsError(err).Message))
		return
	}
	c.busy = true
	m.status.SetText(m.s.T("connecting", "app", appTitle(&c.app)))
	m.render(c)
	ctx := m.ctx
	spawn(m.env.Events, "a marketplace connect", func() {
		res, err := wait(ctx)
		defer m.lockOpen()()
		if m.closed {
			return
		}
		c.busy = false
		if err != nil {
			m.status.SetText(m.s.T("connect_error", "app", appTitle(&c.app), "error", sdk.AsError(err).Message))
		} else {
			m.merge(c, res.App)
			m.status.SetText(m.s.T("account_connected", "app", appTitle(&c.app)))
		}
		m.render(c)
		m.focusCard(c)
	}, func() { m.recoverTo(c) })
}

// recoverTo frees a card whose flow goroutine panicked (see spawn).
func (m *Marketplace) recoverTo(c *appCard) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.closed {
		c.busy = false
		m.status.SetText(m.s.T("connect_error", "app", appTitle(&c.app), "error", "internal error"))
		m.render(c)
	}
}

// follow keeps a card in step with a connect or disconnect made elsewhere
// on the page (connectApp, disconnectApp, another widget): both events
// carry the app as re-fetched after the change. It runs in a goroutine of
// its own, since Emit may come from anywhere; a card busy with its own
// flow, or already showing those accounts, is left alone.
func (m *Marketplace) follow(payload any) {
	fresh, ok := payload.(*sdk.App)
	if !ok || fresh == nil {
		return
	}
	spawn(m.env.Events, "the marketplace following a connect", func() {
		defer m.lockOpen()()
		if m.closed {
			return
		}
		for _, c := range m.cards {
			if c.app.Name == fresh.Name && !c.busy && !sameAccounts(c.app.ConnectedAccounts, fresh.ConnectedAccounts) {
				m.merge(c, fresh)
				m.render(c)
			}
		}
	}, nil)
}

// sameAccounts reports whether a and b list the same account IDs.
func sameAccounts(a, b []sdk.ConnectedAccount) bool {
	return slices.EqualFunc(a, b, func(x, y sdk.ConnectedAccount) bool { return x.ID == y.ID })
}

// merge takes the accounts of a re-fetched app, keeping what it lacks.
func (m *Marketplace) merge(c *appCard, fresh *sdk.App) {
	if fresh == nil {
		return
	}
	accounts := fresh.ConnectedAccounts
	if fresh.Title != "" || fresh.ID != 0 {
		c.app = *fresh
	}
	c.app.ConnectedAccounts = accounts
	c.app.ConnectedAccountID = ""
}

func (m *Marketplace) askDisconnect(c *appCard, id string) {
	defer m.lockOpen()()
	if m.closed || c.busy {
		return
	}
	c.confirming = id
	m.render(c)
	for _, b := range c.li.Focusables() {
		if b.Attr("class") == "integry-button integry-button-secondary integry-confirm-no" {
			b.Focus() // the safe choice has the focus
		}
	}
}

func (m *Marketplace) disconnect(c *appCard, id string) {
	defer m.lockOpen()()
	if m.closed || c.busy {
		return
	}
	c.busy = true
	m.render(c)
	ctx, name := m.ctx, c.app.Name
	spawn(m.env.Events, "a marketplace disconnect", func() {
		fresh, err := m.env.API.Disconnect(ctx, name, id)
		defer m.lockOpen()()
		if m.closed {
			return
		}
		c.busy = false
		c.confirming = ""
		label := id
		for _, acc := range c.app.ConnectedAccounts {
			if strconv.FormatInt(acc.ID, 10) == id {
				label = accountName(acc)
			}
		}
		if err != nil {
			m.status.SetText(m.s.T("disconnect_error", "error", sdk.AsError(err).Message))
		} else {
			m.merge(c, fresh)
			m.status.SetText(m.s.T("disconnected", "account", label))
		}
		m.render(c)
		m.focusCard(c)
	}, func() { m.recoverTo(c) })
}
