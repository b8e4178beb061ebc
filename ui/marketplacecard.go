package ui

import (
	"strconv"
	"strings"

	"github.com/integry-go/integry/sdk"
)

// An app's card in the marketplace: its icon, title, accounts and buttons,
// rendered again whenever the app changes.

// safeImage returns u if it is an absolute http(s) URL, else "": a
// javascript: or data: icon, or a relative one (whose base would be the host
// page, not Integry), never becomes an src.
func safeImage(u string) string {
	u = strings.TrimSpace(u)
	if sdk.Origin(u) == "" {
		return ""
	}
	return u
}

// render (re)builds a card's content from its app.
func (m *Marketplace) render(c *appCard) {
	doc, s := m.env.Doc, m.s
	for _, off := range c.offs {
		off()
	}
	c.offs = nil
	c.li.Clear()
	defer m.flowsButton(c) // last in the card (ui/flowcards.go)
	a := &c.app
	title := appTitle(a)
	head := el(doc, "div", "integry-app-head")
	if src := safeImage(a.IconURL); src != "" {
		head.Append(el(doc, "img", "integry-app-icon", "src", src, "alt", "", "referrerpolicy", "no-referrer", "part", "icon"))
	}
	head.Append(textEl(doc, "h3", "integry-app-title", title, "part", "title"))
	c.li.Append(head)
	switch {
	case a.LoginURL == "":
		c.li.Append(textEl(doc, "span", "integry-badge", s.T("no_login"), "part", "badge"))
	case a.IsConnected():
		c.li.Append(textEl(doc, "span", "integry-badge integry-badge-connected", s.T("connected"), "part", "badge connected"))
	default:
		c.li.Append(textEl(doc, "span", "integry-badge", s.T("not_connected"), "part", "badge"))
	}
	if a.LoginURL == "" {
		return
	}
	if m.o.Page && !a.IsConnected() {
		c.li.Append(textEl(doc, "p", "integry-help", s.T("no_accounts")))
	}
	if a.IsConnected() && (m.o.Page || a.AllowMultipleConnectedAccounts || len(a.ConnectedAccounts) > 1) {
		ul := el(doc, "ul", "integry-accounts", "aria-label", s.T("accounts_title", "app", title), "part", "accounts")
		for _, acc := range a.ConnectedAccounts {
			id := strconv.FormatInt(acc.ID, 10)
			name := accountName(acc)
			li := el(doc, "li", "integry-account", "part", "account")
			b := textEl(doc, "button", "integry-button integry-button-secondary integry-disconnect", s.T("disconnect"),
				"type", "button", "aria-label", s.T("disconnect_named", "account", name), "data-account", id, "part", "button disconnect-button")
			m.busyAttr(c, b)
			c.offs = append(c.offs, b.On("click", func(Event) { m.askDisconnect(c, id) }))
			li.Append(textEl(doc, "span", "", name, "part", "account-name"), b)
			ul.Append(li)
		}
		c.li.Append(ul)
	}
	actions := el(doc, "div", "integry-actions", "part", "actions")
	switch {
	case !a.IsConnected():
		b := textEl(doc, "button", "integry-button integry-connect", s.T("connect"), "type", "button", "aria-label", s.T("connect_app", "app", title), "part", "button connect-button")
		m.busyAttr(c, b)
		c.offs = append(c.offs, b.On("click", func(Event) { m.connect(c) }))
		actions.Append(b)
	case a.AllowMultipleConnectedAccounts:
		b := textEl(doc, "button", "integry-button integry-add-account", s.T("add_account"), "type", "button", "aria-label", s.T("add_account_app", "app", title), "part", "button connect-button")
		m.busyAttr(c, b)
		c.offs = append(c.offs, b.On("click", func(Event) { m.connect(c) }))
		actions.Append(b)
	case len(a.ConnectedAccounts) == 1 && !m.o.Page:
		id := strconv.FormatInt(a.ConnectedAccounts[0].ID, 10)
		b := textEl(doc, "button", "integry-button integry-button-secondary integry-disconnect", s.T("disconnect"),
			"type", "button", "aria-label", s.T("disconnect_named", "account", accountName(a.ConnectedAccounts[0])), "data-account", id, "part", "button disconnect-button")
		m.busyAttr(c, b)
		c.offs = append(c.offs, b.On("click", func(Event) { m.askDisconnect(c, id) }))
		actions.Append(b)
	}
	c.li.Append(actions)
	if c.confirming != "" {
		name := c.confirming
		for _, acc := range a.ConnectedAccounts {
			if strconv.FormatInt(acc.ID, 10) == c.confirming {
				name = accountName(acc)
			}
		}
		box := el(doc, "div", "integry-confirm", "role", "group", "aria-label", s.T("disconnect"), "part", "confirm")
		yes := textEl(doc, "button", "integry-button integry-confirm-yes", s.T("confirm"), "type", "button", "part", "button confirm-yes")
		no := textEl(doc, "button", "integry-button integry-button-secondary integry-confirm-no", s.T("cancel"), "type", "button", "part", "button confirm-no")
		m.busyAttr(c, yes)
		id := c.confirming
		c.offs = append(c.offs,
			yes.On("click", func(Event) { m.disconnect(c, id) }),
			no.On("click", func(Event) {
				defer m.lockOpen()()
				if m.closed {
					return
				}
				c.confirming = ""
				m.render(c)
				m.focusCard(c)
			}))
		row := el(doc, "div", "integry-actions")
		row.Append(yes, no)
		box.Append(textEl(doc, "p", "", s.T("confirm_title", "account", name, "app", title)), row)
		c.li.Append(box)
	}
}

func accountName(a sdk.ConnectedAccount) string {
	if a.DisplayName != "" {
		return a.DisplayName
	}
	return strconv.FormatInt(a.ID, 10)
}

func (m *Marketplace) busyAttr(c *appCard, b Element) {
	if c.busy {
		b.SetAttr("disabled", "")
	}
}

func (m *Marketplace) lockOpen() func() {
	m.mu.Lock()
	return m.mu.Unlock
}

// focusCard puts the focus on the card's first button, so a keyboard user
// keeps their place after the card is rebuilt.
func (m *Marketplace) focusCard(c *appCard) {
	if f := c.li.Focusables(); len(f) > 0 {
		f[0].Focus()
	}
}
