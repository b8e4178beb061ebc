package ui

import (
	"strconv"

	"github.com/integry-go/integry/sdk"
)

// The marketplace's pages: search as the person types, more apps as the
// list nears its end (or on Load more), each page fetched on a goroutine.

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
