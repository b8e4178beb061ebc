package ui

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/integry-go/integry/internal/jsonx"
	"github.com/integry-go/integry/sdk"
)

// SearchDelay is how long the marketplace waits after the last keystroke
// before it searches.
const SearchDelay = 300 * time.Millisecond

// AppsOptions are showApps' options (and showApp's and
// showConnectedAccounts').
type AppsOptions struct {
	Mode        RenderMode // "" is MODAL
	ContainerID string     // INLINE: the id of the container element
	Layout      Layout     // "" is WIDE
	PageSize    int        // apps per page; 0 is 30 (fetchAll: a large number)
	// AuthOnly is the official authOnly: the marketplace of apps and their
	// accounts only, without flows: the cards show no Flows button
	// (docs/flows.md#ours-cards, docs/protocol.md#surface-options).
	AuthOnly bool
	// LoadMoreButton is the official useLoadMoreButton: the next page comes
	// with a "Load more" button. Without it, it comes as the list is
	// scrolled near its end (infinite scroll), the official default.
	LoadMoreButton bool
	// Title replaces the marketplace's heading (the constructor's
	// options.title); "" keeps the default.
	Title string
	// AppName shows only that app with its accounts (showConnectedAccounts):
	// no search and no paging.
	AppName string
	// Page shows AppName as an app page (showApp): its icon and title as the
	// heading, every connected account with its Disconnect, and Connect or
	// Add account.
	Page bool
}

// Layout is the official IntegryJS.Layouts: WIDE (a grid of cards in a
// wide modal) or NARROW (one column of compact rows in a narrow one).
type Layout string

// The layouts. IntegryJS.Layouts.WIDE is "COMFORTABLE" and NARROW is
// "COMPACT" in the official SDK; [ParseLayout] takes either spelling.
const (
	LayoutWide   Layout = "WIDE"
	LayoutNarrow Layout = "NARROW"
)

// ParseLayout reads a layout as pages pass it: WIDE or NARROW, or the
// official values COMFORTABLE and COMPACT, in any case; "" is WIDE.
func ParseLayout(s string) (Layout, error) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "", "WIDE", "COMFORTABLE":
		return LayoutWide, nil
	case "NARROW", "COMPACT":
		return LayoutNarrow, nil
	}
	return "", sdk.NewError(sdk.CodeInvalidArgument, "layout must be IntegryJS.Layouts.WIDE or NARROW, not "+jsonx.Quote(s))
}

// layoutClass is the class the layout adds to the widget's root.
func (l Layout) layoutClass() string {
	if l == LayoutNarrow {
		return "integry-layout-narrow"
	}
	return "integry-layout-wide"
}

// ShowApp renders one app's page (showApp): its accounts with connect, add
// account and disconnect. It is [ShowApps] with AppName and Page set.
func ShowApp(ctx context.Context, env Env, appName string, o AppsOptions) (*Marketplace, error) {
	if strings.TrimSpace(appName) == "" {
		return nil, sdk.NewError(sdk.CodeInvalidArgument, "showApp requires an app name")
	}
	o.AppName, o.Page = appName, true
	return ShowApps(ctx, env, o)
}

// Marketplace is a shown apps marketplace: a searchable, paged list of app
// cards with Connected / Not connected / No login required badges, connect
// and confirmed disconnect, and the accounts of multi-account apps.
//
// Goroutines: every DOM change happens with mu held, either in a listener
// (event-loop goroutine, never blocking) or in the goroutine that fetched
// something; network waits happen outside the lock.
type Marketplace struct {
	mu     sync.Mutex
	env    Env
	s      *Strings
	o      AppsOptions
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}

	modal    *Modal
	wrap     Element // INLINE wrapper
	root     Element
	status   Element
	list     Element
	more     Element
	search   Element
	cards    []*appCard
	cursor   string
	query    string
	gen      int     // bumps on every new search; stale pages are dropped
	scroller Element // what scrolls the list: the modal, or the page's container
	loading  bool    // a next page is being fetched
	stopTime func()
	offs     []func()
	closed   bool
	// flowCounts is how many flows use each app, by name (ui/flowcards.go).
	flowCounts map[string]int
	// tagged: flowCounts holds the apps of the instance's tags, the only
	// ones the marketplace shows.
	tagged bool
}

type appCard struct {
	app        sdk.App
	li         Element
	offs       []func()
	confirming string // the account whose disconnect awaits confirmation
	busy       bool
}

// ShowApps renders the marketplace and returns once its first page is on
// screen (the showApps Promise resolves then). It blocks for that first
// page: call it from a goroutine. The marketplace stays until the person
// closes its modal, [Marketplace.Destroy] is called, or ctx ends.
func ShowApps(ctx context.Context, env Env, o AppsOptions) (*Marketplace, error) {
	mode, container, err := env.place(o.Mode, o.ContainerID, "marketplace")
	if err != nil {
		return nil, err
	}
	layout, err := ParseLayout(string(o.Layout))
	if err != nil {
		return nil, err
	}
	o.Layout = layout
	s := env.strings()
	var apps []sdk.App
	var cursor string
	var tagged map[string]int // the tags' apps, with their flow counts
	if o.AppName != "" {
		app, err := env.API.GetApp(ctx, o.AppName)
		if err != nil {
			return nil, err
		}
		apps = []sdk.App{*app}
	} else {
		page, err := env.API.ListApps(ctx, &sdk.ListAppsOptions{PageSize: o.PageSize})
		if err != nil {
			return nil, err
		}
		apps, cursor = page.Apps, page.Cursor
		// With the instance's tags, the official marketplace lists the
		// flow apps of those tags: only they show (docs/protocol.md#surface-options).
		if fc, ok := env.API.(flowCounter); ok && len(env.Tags) > 0 {
			if tagged, err = fc.FlowAppCounts(ctx, env.Tags...); err != nil {
				return nil, err
			}
		}
	}

	m := &Marketplace{env: env, s: s, o: o, done: make(chan struct{}), cursor: cursor, flowCounts: tagged, tagged: tagged != nil}
	m.ctx, m.cancel = context.WithCancel(ctx)
	m.mu.Lock()
	defer m.mu.Unlock()
	injectStyle(env.Doc)
	doc := env.Doc
	title := s.T("apps_title")
	if o.Title != "" {
		title = o.Title
	}
	icon := ""
	if o.AppName != "" && len(apps) == 1 {
		title = s.T("accounts_title", "app", appTitle(&apps[0]))
		if o.Page {
			title, icon = appTitle(&apps[0]), apps[0].IconURL
		}
	}
	m.root = el(doc, "div", "integry-apps "+o.Layout.layoutClass())
	if o.Page {
		m.root.SetAttr("class", "integry-apps integry-app-page "+o.Layout.layoutClass())
	}
	if o.AppName == "" {
		box := el(doc, "div", "integry-search", "id", "search-container") // the official's id (docs/protocol.md#surface-styling)
		id := newID(doc, "search")
		m.search = el(doc, "input", "integry-input", "type", "search", "id", id, "autocomplete", "off")
		box.Append(textEl(doc, "label", "integry-label", s.T("search"), "for", id), m.search)
		m.root.Append(box)
		m.offs = append(m.offs, m.search.On("input", func(Event) { m.typed() }))
	}
	m.status = el(doc, "p", "integry-status", "role", "status", "aria-live", "polite", "part", "status")
	m.list = el(doc, "ul", "integry-app-list")
	m.more = textEl(doc, "button", "integry-button integry-button-secondary integry-load-more", s.T("load_more"), "type", "button")
	m.offs = append(m.offs, m.more.On("click", func(Event) { m.loadMore() }))
	m.root.Append(m.status, m.list, m.more)
	if o.Page {
		appFlows(m.ctx, env, m.root, &apps[0]) // the app's flows (ui/flowlist.go)
	}
	m.addApps(apps)
	m.showMore()
	m.loadFlowCounts() // the cards' Flows buttons (ui/flowcards.go)
	if env.Events != nil {
		m.offs = append(m.offs,
			env.Events.On(sdk.EventAppConnected, m.follow),
			env.Events.On(sdk.EventAppDisconnected, m.follow))
	}
	if mode == ModeModal {
		m.modal = NewModal(doc, s, title, func() { m.Destroy() }) // a modal listener: m.mu is not held
		if o.Layout == LayoutNarrow {
			m.modal.dialog.SetAttr("class", "integry-modal integry-modal-narrow")
		}
		m.modal.SetIcon(icon)
		m.modal.Body().Append(m.root)
		m.modal.MountIn(cmp.Or(o.ContainerID, ModalContainerID), "")
		m.scroller = m.modal.dialog
	} else {
		m.wrap = el(doc, "div", "integry-root integry-inline "+o.Layout.layoutClass(), "lang", s.Lang())
		heading := textEl(doc, "h2", "integry-title", title, "part", "title")
		if o.AppName == "" {
			// The ids of the official inline marketplace, which pages style
			// (docs/protocol.md#surface-styling).
			m.wrap.SetAttr("id", "embed--appsContainer")
			heading.SetAttr("id", "appsHeaderTitle")
		}
		if src := safeImage(icon); src != "" {
			h := el(doc, "div", "integry-modal-heading")
			h.Append(el(doc, "img", "integry-modal-icon", "src", src, "alt", "", "referrerpolicy", "no-referrer"), heading)
			m.wrap.Append(h, m.root)
		} else {
			m.wrap.Append(heading, m.root)
		}
		container.Append(m.wrap)
		m.scroller = container
	}
	if !o.LoadMoreButton && o.AppName == "" {
		m.offs = append(m.offs, m.scroller.On("scroll", func(Event) { m.nearEnd() }))
		doc.AfterPaint(m.nearEnd)
	}
	spawn(env.Events, "the marketplace", func() {
		select {
		case <-m.ctx.Done():
			m.Destroy()
		case <-m.done:
		}
	}, nil)
	return m, nil
}

// Done is closed when the marketplace is gone.
func (m *Marketplace) Done() <-chan struct{} { return m.done }

// Destroy removes the marketplace, its listeners and timers, and stops its
// pending requests. It is safe to call more than once, from any goroutine
// but not from one of its own listeners (those hold the lock).
func (m *Marketplace) Destroy() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.destroyLocked()
}

func (m *Marketplace) destroyLocked() {
	if m.closed {
		return
	}
	m.closed = true
	m.cancel()
	if m.stopTime != nil {
		m.stopTime()
	}
	for _, off := range m.offs {
		off()
	}
	for _, c := range m.cards {
		for _, off := range c.offs {
			off()
		}
	}
	if m.modal != nil {
		m.modal.Destroy()
	}
	if m.wrap != nil {
		m.wrap.Remove()
	}
	close(m.done)
}

func (m *Marketplace) addApps(apps []sdk.App) (added int) {
	for _, a := range apps {
		if m.tagged && m.flowCounts[a.Name] <= 0 {
			continue
		}
		c := &appCard{app: a, li: el(m.env.Doc, "li", "integry-app-card", "data-app", a.Name, "part", "card")}
		m.cards = append(m.cards, c)
		m.list.Append(c.li)
		m.render(c)
		added++
	}
	if len(m.cards) == 0 {
		m.status.SetText(m.s.T("no_apps"))
	}
	return added
}

// scrollAhead is how close to the end of the list (CSS pixels) a scroll
// loads the next page.
const scrollAhead = 200

// nearEnd loads the next page when the list is scrolled within scrollAhead
// of its end, or does not fill its scroller at all (then every page comes,
// one after the other, until it does). It runs in a listener or after a
// paint: m.mu is not held.
func (m *Marketplace) nearEnd() {
	m.mu.Lock()
	if m.closed || m.loading || m.cursor == "" || m.scroller.ScrollRemaining() > scrollAhead {
		m.mu.Unlock()
		return
	}
	m.mu.Unlock()
	m.loadMore()
}

func (m *Marketplace) showMore() {
	if m.cursor == "" || m.o.AppName != "" || m.closed || !m.o.LoadMoreButton {
		m.more.SetAttr("hidden", "")
	} else {
		m.more.RemoveAttr("hidden")
		m.more.RemoveAttr("disabled")
	}
}

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

// typed debounces the search box: only the last keystroke's timer runs.
func (m *Marketplace) typed() {
	defer m.lockOpen()()
	if m.closed {
		return
	}
	if m.stopTime != nil {
		m.stopTime()
	}
	q := m.search.Value()
	m.stopTime = m.env.Doc.Later(SearchDelay, func() { m.runSearch(q) })
}

func (m *Marketplace) runSearch(q string) {
	m.mu.Lock()
	if m.closed || q == m.query {
		m.mu.Unlock()
		return
	}
	m.gen++
	gen := m.gen
	m.query = q
	m.status.SetText(m.s.T("loading"))
	m.mu.Unlock()
	spawn(m.env.Events, "a marketplace search", func() { m.fetch(gen, "", true) }, nil)
}

func (m *Marketplace) loadMore() {
	defer m.lockOpen()()
	if m.closed || m.cursor == "" || m.loading {
		return
	}
	m.loading = true
	m.more.SetAttr("disabled", "")
	m.status.SetText(m.s.T("loading"))
	gen, cursor := m.gen, m.cursor
	spawn(m.env.Events, "a marketplace page", func() { m.fetch(gen, cursor, false) }, nil)
}

// fetch loads a page in a goroutine and shows it, unless a newer search
// started meanwhile.
func (m *Marketplace) fetch(gen int, cursor string, replace bool) {
	m.mu.Lock()
	q := m.query
	m.mu.Unlock()
	page, err := m.env.API.ListApps(m.ctx, &sdk.ListAppsOptions{PageSize: m.o.PageSize, Search: q, Cursor: cursor})
	defer m.lockOpen()()
	if !replace {
		m.loading = false
	}
	if m.closed || gen != m.gen {
		return
	}
	if err != nil {
		m.status.SetText(m.s.T("load_error", "error", sdk.AsError(err).Message))
		m.showMore()
		return
	}
	if replace {
		for _, c := range m.cards {
			for _, off := range c.offs {
				off()
			}
		}
		m.cards = nil
		m.list.Clear()
	}
	m.cursor = page.Cursor
	m.status.SetText("")
	added := m.addApps(page.Apps)
	if len(m.cards) > 0 && page.Count > 0 {
		m.status.SetText(m.s.T("apps_count", "count", strconv.Itoa(page.Count)))
	}
	m.showMore()
	if !m.o.LoadMoreButton && m.cursor != "" {
		m.env.Doc.AfterPaint(m.nearEnd)
	}
	if !replace && added > 0 {
		// Keep the keyboard user's place: move to the first new card.
		m.focusCard(m.cards[len(m.cards)-added])
	}
}
