package ui

import (
	"context"
	"strconv"

	"github.com/integry-go/integry/sdk"
)

// Flows on the marketplace's cards (docs/flows.md#ours-cards): once the
// marketplace is on screen it reads how many flows use each app, and the
// card of an app with flows gets a "Flows (n)" button that opens the app's
// page, whose flows section (appFlows, ui/flowlist.go) sets them up and
// manages the user's integrations. The three hooks in ui/marketplace.go
// call loadFlowCounts and flowsButton and keep the counts.

// flowCounter is the read the cards need; *sdk.Client implements it.
type flowCounter interface {
	FlowAppCounts(ctx context.Context, tags ...string) (map[string]int, error)
}

// loadFlowCounts reads the flow counts on a goroutine and adds the button
// to the cards of the apps that have flows. Not for an app page, nor with authOnly (the
// official marketplace of accounts only). Lock held.
func (m *Marketplace) loadFlowCounts() {
	fc, ok := m.env.API.(flowCounter)
	if !ok || m.o.AuthOnly || m.o.AppName != "" || m.tagged { // tagged: read already
		return
	}
	spawn(m.env.Events, "the marketplace's flow counts", func() {
		counts, err := fc.FlowAppCounts(m.ctx)
		if err != nil || len(counts) == 0 {
			return // the cards stay as they are: flows are an extra
		}
		defer m.lockOpen()()
		if m.closed {
			return
		}
		m.flowCounts = counts
		for _, c := range m.cards {
			m.flowsButton(c) // added, not redrawn: a click under way keeps its button
		}
	}, nil)
}

// flowsButton adds the Flows button at the end of the card of an app with
// flows. Lock held (render, which calls it last).
func (m *Marketplace) flowsButton(c *appCard) {
	n := m.flowCounts[c.app.Name]
	if n <= 0 {
		return
	}
	label := m.s.T("flows_count", "n", strconv.Itoa(n))
	b := textEl(m.env.Doc, "button", "integry-button integry-button-secondary integry-app-flows-button", label,
		"type", "button", "aria-label", appTitle(&c.app)+": "+label)
	name, layout := c.app.Name, m.o.Layout
	c.offs = append(c.offs, b.On("click", func(Event) {
		spawn(m.env.Events, "a card's flows", func() {
			_, err := ShowApp(m.ctx, m.env, name, AppsOptions{Layout: layout})
			if err != nil && m.ctx.Err() == nil {
				defer m.lockOpen()()
				if !m.closed {
					m.status.SetText(m.s.T("flows_error", "error", sdk.AsError(err).Message))
				}
			}
		}, nil)
	}))
	c.li.Append(b)
}
