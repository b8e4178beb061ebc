package ui

import (
	"cmp"
	"context"
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
	PageSize    int        // apps per page; 0 is sdk.AppsPageSize (fetchAll: sdk.WholeListPageSize)
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
	return "", sdk.InvalidArgument("layout must be IntegryJS.Layouts.WIDE or NARROW, not " + jsonx.Quote(s))
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
		return nil, sdk.InvalidArgument("showApp requires an app name")
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
	var counts map[string]int // how many flows use each app (ui/flowcards.go)
	if o.AppName != "" {
		app, err := env.API.GetApp(ctx, o.AppName)
		if err != nil {
			return nil, err
		}
		apps = []sdk.App{*app}
	} else {
		wait := readFlowCounts(ctx, env, o) // beside the first page, not after it
		page, err := env.API.ListApps(ctx, &sdk.ListAppsOptions{PageSize: o.PageSize})
		if err != nil {
			return nil, err
		}
		apps, cursor = page.Apps, page.Cursor
		// With the instance's tags, the official marketplace lists the
		// flow apps of those tags: only they show (docs/protocol.md#surface-options),
		// so their read failing fails the marketplace. Without tags a failed
		// read only leaves the cards without Flows buttons.
		if counts, err = wait(); err != nil && len(env.Tags) > 0 {
			return nil, err
		}
	}

	m := &Marketplace{env: env, s: s, o: o, done: make(chan struct{}), cursor: cursor, flowCounts: counts, tagged: counts != nil && len(env.Tags) > 0}
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
