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
// manages the user's integrations. The hooks in ui/marketplace.go call
// readFlowCounts beside the first page and keep the counts; the card's
// render calls flowsButton last.

// flowCounter is the read the cards need; *sdk.Client implements it.
type flowCounter interface {
	FlowAppCounts(ctx context.Context, tags ...string) (map[string]int, error)
}

// readFlowCounts starts reading how many flows use each app, beside the
// marketplace's first page, and returns the wait for the answer: the cards
// are drawn once, with their Flows buttons, so that no card grows (and
// moves the cards after it) under the person's pointer once the list is
// on screen. With the instance's tags the read is of the tags' flow apps.
// Nothing is read for an API without flows, nor with authOnly and no tags
// (the official marketplace of accounts only): the wait returns nil.
func readFlowCounts(ctx context.Context, env Env, o AppsOptions) (wait func() (map[string]int, error)) {
	fc, ok := env.API.(flowCounter)
	if !ok || (o.AuthOnly && len(env.Tags) == 0) {
		return func() (map[string]int, error) { return nil, nil }
	}
	type answer struct {
		counts map[string]int
		err    error
	}
	ch := make(chan answer, 1) // buffered: the read never waits for a reader that gave up
	spawn(env.Events, "the marketplace's flow counts", func() {
		counts, err := fc.FlowAppCounts(ctx, env.Tags...)
		ch <- answer{counts, err}
	}, func() { ch <- answer{err: sdk.NewError(sdk.CodeInternal, "reading the flow counts failed")} })
	return func() (map[string]int, error) {
		a := <-ch
		return a.counts, a.err
	}
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
