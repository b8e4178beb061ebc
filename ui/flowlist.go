package ui

import (
	"cmp"
	"context"
	"strconv"
	"strings"
	"sync"

	"github.com/integry-go/integry/sdk"
)

// The flows list (docs/flows.md#ours-list): every flow the user may set up,
// each with the user's integrations of it, which the person enables,
// disables, renames, edits and deletes; the events and requests are the
// official flows list's.

// FlowsOptions are showFlows' arguments.
type FlowsOptions struct {
	Mode RenderMode
	// ContainerID is, INLINE, the container's id; MODAL, where the modal
	// mounts (else #integry-marketplace), so container-scoped CSS reaches it.
	ContainerID string
	// App keeps the flows that use this app, its numeric ID or name
	// (renderAppFlows' appId): the official getAppFlows.
	App string
}

// FlowList is a flows list on the page.
type FlowList struct {
	env     Env
	api     FlowAPI
	s       *Strings
	mu      sync.Mutex
	ctx     context.Context
	cancel  context.CancelFunc
	wrap    Element // INLINE
	modal   *Modal
	status  Element
	list    Element
	flows   []sdk.Flow
	filter  *sdk.ListFlowsOptions // the instance's tags; an app page's: the app's flows only
	appID   int64                 // an app page's app
	account int64                 // the app page's account picked, or 0
	offs    []func()              // the list's own listeners
	rows    []func()              // the listeners of the rows drawn
	done    chan struct{}
	closed  bool
}

// ShowFlows reads the flows and renders the list in a modal or inline, and
// returns once it is on screen. It stays until its modal is closed,
// [FlowList.Destroy] is called or ctx ends. Call it from a goroutine.
func ShowFlows(ctx context.Context, env Env, o FlowsOptions) (*FlowList, error) {
	api, err := env.flowAPI()
	if err != nil {
		return nil, err
	}
	mode, container, err := env.place(o.Mode, o.ContainerID, "flows list")
	if err != nil {
		return nil, err
	}
	var filter *sdk.ListFlowsOptions // the instance's tags (docs/flows.md#endpoints)
	if len(env.Tags) > 0 || o.App != "" {
		filter = &sdk.ListFlowsOptions{Tags: env.Tags, App: o.App}
	}
	flows, raw, err := api.ListFlows(ctx, filter)
	if err != nil {
		return nil, err
	}
	env.emit(EventDidLoadFlows, payload("flows", raw))
	l := &FlowList{env: env, api: api, s: env.strings(), flows: flows, filter: filter, done: make(chan struct{})}
	l.ctx, l.cancel = context.WithCancel(ctx)
	l.mu.Lock()
	defer l.mu.Unlock()
	injectStyle(env.Doc)
	doc := env.Doc
	root := el(doc, "div", "integry-flows")
	l.status = el(doc, "p", "integry-status", "role", "status", "aria-live", "polite")
	l.list = el(doc, "ul", "integry-app-list integry-flow-list")
	root.Append(l.status, l.list)
	l.render()
	if mode == ModeModal {
		l.modal = NewModal(doc, l.s, l.s.T("flows_title"), func() {
			l.Destroy()
			env.emit(sdk.EventModalClosed, struct{}{})
		})
		l.modal.Body().Append(root)
		l.modal.MountIn(cmp.Or(o.ContainerID, ModalContainerID), "") // as the marketplace's (docs/protocol.md#surface-styling)
	} else {
		l.wrap = el(doc, "div", "integry-root integry-inline", "lang", l.s.Lang())
		l.wrap.Append(textEl(doc, "h2", "integry-title", l.s.T("flows_title")), root)
		container.Append(l.wrap)
	}
	if env.Events != nil {
		// A setup saved from this list (or anywhere on the page) shows in it.
		l.offs = append(l.offs, env.Events.On(EventDidSaveIntegration, func(any) {
			spawn(env.Events, "the flows list's reload", l.reload, nil)
		}))
	}
	spawn(env.Events, "the flows list", func() {
		select {
		case <-l.ctx.Done():
			l.Destroy()
		case <-l.done:
		}
	}, nil)
	return l, nil
}

// Done is closed when the list is gone.
func (l *FlowList) Done() <-chan struct{} { return l.done }

// Destroy removes the list and its listeners; safe to call more than once,
// but not from one of its listeners.
func (l *FlowList) Destroy() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	l.closed = true
	l.cancel()
	for _, off := range append(l.offs, l.rows...) {
		off()
	}
	if l.modal != nil {
		l.modal.Destroy()
	}
	if l.wrap != nil {
		l.wrap.Remove()
	}
	close(l.done)
}

// reload reads the flows again and redraws the list, emitting
// did-load-flows as the official list does. On a goroutine.
func (l *FlowList) reload() {
	l.mu.Lock()
	filter := l.filter
	l.mu.Unlock()
	flows, raw, err := l.api.ListFlows(l.ctx, filter)
	if l.ctx.Err() != nil {
		return
	}
	if err == nil && filter == nil {
		l.env.emit(EventDidLoadFlows, payload("flows", raw))
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed || filter != l.filter { // another account was picked meanwhile
		return
	}
	if err != nil {
		l.status.SetText(l.s.T("flows_error", "error", sdk.AsError(err).Message))
		return
	}
	l.flows = flows
	l.render()
}

// render draws every flow and its integrations. Lock held.
func (l *FlowList) render() {
	for _, off := range l.rows {
		off()
	}
	l.rows = nil
	l.list.Clear()
	doc := l.env.Doc
	if len(l.flows) == 0 {
		l.status.SetText(l.s.T("flows_none"))
		return
	}
	for i := range l.flows {
		f := &l.flows[i]
		id := strconv.FormatInt(f.ID, 10)
		card := el(doc, "li", "integry-app-card integry-flow-card", "data-flow", id)
		titleID := newID(doc, "flow")
		head := el(doc, "div", "integry-flow-head")
		if src := safeImage(f.BrandingApp.IconURL); src != "" {
			head.Append(el(doc, "img", "integry-app-icon", "src", src, "alt", "", "referrerpolicy", "no-referrer"))
		}
		head.Append(textEl(doc, "h3", "integry-app-name", f.Name, "id", titleID))
		setup := textEl(doc, "button", "integry-button integry-flow-setup-button", l.s.T("flows_setup"), "type", "button",
			"aria-describedby", titleID)
		card.Append(head, textEl(doc, "p", "integry-help", f.Description), setup)
		flowID := f.ID
		l.rows = append(l.rows, setup.On("click", func(Event) { l.openSetup(flowID, 0) }))
		if len(f.Instances) > 0 {
			ul := el(doc, "ul", "integry-flow-instances", "aria-label", l.s.T("flows_yours"))
			for j := range f.Instances {
				ul.Append(l.instanceRow(f, &f.Instances[j]))
			}
			card.Append(ul)
		}
		l.list.Append(card)
	}
	l.status.SetText("")
}

// openSetup opens the setup form of a flow (or of one of its
// integrations) in a modal. In a listener.
func (l *FlowList) openSetup(flowID, integrationID int64) {
	spawn(l.env.Events, "the flows list's setup", func() {
		l.mu.Lock()
		o := FlowSetupOptions{FlowID: flowID, IntegrationID: integrationID, Mode: ModeModal, AppID: l.appID, AccountID: l.account}
		l.mu.Unlock()
		_, err := ShowFlowSetup(l.ctx, l.env, o)
		if err != nil && l.ctx.Err() == nil {
			l.mu.Lock()
			defer l.mu.Unlock()
			l.status.SetText(l.s.T("flows_error", "error", sdk.AsError(err).Message))
		}
	}, nil)
}

// instanceRow draws one integration: its name, its switch, Rename, Edit
// and Delete. Lock held.
func (l *FlowList) instanceRow(f *sdk.Flow, in *sdk.FlowInstance) Element {
	doc := l.env.Doc
	row := el(doc, "li", "integry-account integry-flow-instance", "data-integration", strconv.FormatInt(in.ID, 10))
	name := textEl(doc, "span", "integry-account-name integry-flow-instance-name", in.Name)
	swID := newID(doc, "switch")
	sw := el(doc, "input", "integry-flow-switch", "type", "checkbox", "role", "switch", "id", swID)
	sw.SetChecked(in.Status == sdk.IntegrationActive)
	swLabel := el(doc, "label", "integry-check", "for", swID)
	swLabel.Append(sw, textEl(doc, "span", "", l.s.T("flows_enabled")))
	rename := textEl(doc, "button", "integry-button integry-button-secondary integry-flow-rename", l.s.T("flows_rename"), "type", "button", "aria-label", l.s.T("flows_rename")+" "+in.Name)
	edit := textEl(doc, "button", "integry-button integry-button-secondary integry-flow-edit", l.s.T("flows_edit"), "type", "button", "aria-label", l.s.T("flows_edit")+" "+in.Name)
	del := textEl(doc, "button", "integry-button integry-button-secondary integry-flow-delete", l.s.T("flows_delete"), "type", "button", "aria-label", l.s.T("flows_delete")+" "+in.Name)
	actions := el(doc, "div", "integry-flow-actions")
	actions.Append(swLabel, rename, edit, del)
	row.Append(name, actions)
	id, flowID := in.ID, f.ID
	flowName, flowDesc, inName := f.Name, f.Description, in.Name

	l.rows = append(l.rows,
		sw.On("change", func(Event) {
			l.mu.Lock()
			on := sw.Checked()
			sw.SetAttr("disabled", "")
			l.mu.Unlock()
			spawn(l.env.Events, "the flows list's switch", func() {
				var err error
				if on {
					_, err = l.api.EnableIntegration(l.ctx, id)
				} else {
					_, err = l.api.DisableIntegration(l.ctx, id)
				}
				if l.ctx.Err() != nil {
					return
				}
				status, ev := sdk.IntegrationInactive, EventDidDisableIntegration
				if on {
					status, ev = sdk.IntegrationActive, EventDidEnableIntegration
				}
				// The official list emits whatever the answer (after it).
				l.env.emit(ev, payload("integrationId", id, "name", inName, "status", status))
				l.mu.Lock()
				defer l.mu.Unlock()
				if l.closed {
					return
				}
				sw.RemoveAttr("disabled")
				if err != nil {
					sw.SetChecked(!on)
					l.status.SetText(l.s.T("flows_error", "error", sdk.AsError(err).Message))
				}
			}, nil)
		}),
		edit.On("click", func(Event) { l.openSetup(flowID, id) }),
		rename.On("click", func(Event) {
			l.mu.Lock()
			defer l.mu.Unlock()
			l.askRename(row, name, actions, id, inName)
		}),
		del.On("click", func(Event) {
			l.mu.Lock()
			defer l.mu.Unlock()
			l.askDelete(row, actions, id, flowID, flowName, flowDesc, inName)
		}),
	)
	return row
}

// askRename swaps the name for an input with Save and Cancel; Enter saves,
// Escape cancels. Lock held.
func (l *FlowList) askRename(row, name, actions Element, id int64, old string) {
	doc := l.env.Doc
	form := el(doc, "form", "integry-flow-rename-form", "novalidate", "")
	inID := newID(doc, "rename")
	input := el(doc, "input", "integry-input", "type", "text", "id", inID)
	input.SetValue(old)
	save := textEl(doc, "button", "integry-button", l.s.T("flow_save"), "type", "submit")
	cancel := textEl(doc, "button", "integry-button integry-button-secondary", l.s.T("cancel"), "type", "button")
	form.Append(textEl(doc, "label", "integry-label", l.s.T("flows_new_name", "name", old), "for", inID), input, save, cancel)
	name.Remove()
	actions.Remove()
	row.Append(form)
	var offs []func()
	restore := func() { // lock held
		for _, off := range offs {
			off()
		}
		form.Remove()
		row.Append(name, actions)
	}
	offs = append(offs,
		cancel.On("click", func(Event) {
			l.mu.Lock()
			defer l.mu.Unlock()
			restore()
		}),
		input.On("keydown", func(ev Event) {
			if ev.Key() == "Escape" {
				ev.PreventDefault()
				l.mu.Lock()
				defer l.mu.Unlock()
				restore()
			}
		}),
		form.On("submit", func(ev Event) {
			ev.PreventDefault()
			l.mu.Lock()
			defer l.mu.Unlock()
			to := strings.TrimSpace(input.Value())
			if to == "" {
				input.Focus()
				return
			}
			save.SetAttr("disabled", "")
			spawn(l.env.Events, "the flows list's rename", func() {
				in, err := l.api.RenameIntegration(l.ctx, id, to)
				if l.ctx.Err() != nil {
					return
				}
				if err == nil {
					l.env.emit(EventDidRenameIntegration, payload("integrationId", id, "name", to, "status", in.Status))
				}
				l.mu.Lock()
				defer l.mu.Unlock()
				if l.closed {
					return
				}
				if err != nil {
					save.RemoveAttr("disabled")
					l.status.SetText(l.s.T("flows_error", "error", sdk.AsError(err).Message))
					return
				}
				name.SetText(to)
				restore()
			}, nil)
		}),
	)
	l.rows = append(l.rows, func() {
		for _, off := range offs {
			off()
		}
	})
	input.Focus()
}

// askDelete asks to confirm, then deletes and reloads the list. Lock held.
func (l *FlowList) askDelete(row, actions Element, id, flowID int64, flowName, flowDesc, inName string) {
	doc := l.env.Doc
	box := el(doc, "div", "integry-confirm", "role", "group", "aria-label", l.s.T("flows_confirm_delete", "name", inName))
	yes := textEl(doc, "button", "integry-button integry-danger", l.s.T("flows_delete"), "type", "button")
	no := textEl(doc, "button", "integry-button integry-button-secondary", l.s.T("cancel"), "type", "button")
	box.Append(textEl(doc, "p", "", l.s.T("flows_confirm_delete", "name", inName)), yes, no)
	actions.Remove()
	row.Append(box)
	var offs []func()
	offs = append(offs,
		no.On("click", func(Event) {
			l.mu.Lock()
			defer l.mu.Unlock()
			for _, off := range offs {
				off()
			}
			box.Remove()
			row.Append(actions)
		}),
		yes.On("click", func(Event) {
			l.mu.Lock()
			yes.SetAttr("disabled", "")
			l.mu.Unlock()
			spawn(l.env.Events, "the flows list's delete", func() {
				err := l.api.DeleteIntegration(l.ctx, id)
				if l.ctx.Err() != nil {
					return
				}
				if err != nil {
					l.mu.Lock()
					defer l.mu.Unlock()
					if !l.closed {
						yes.RemoveAttr("disabled")
						l.status.SetText(l.s.T("flows_error", "error", sdk.AsError(err).Message))
					}
					return
				}
				l.env.emit(EventDidDeleteIntegration, payload("flowId", flowID, "flowName", flowName,
					"flowDescription", flowDesc, "integrationId", id, "integrationName", inName))
				l.reload()
			}, nil)
		}),
	)
	l.rows = append(l.rows, func() {
		for _, off := range offs {
			off()
		}
	})
	no.Focus()
}

// appFlows adds an app's flows to its page (showApp; the one call in
// ui/marketplace.go): a section after the accounts, filled once
// GET /api/v1/sdk/apps/{app}/flows/ answers, with the list's Set up,
// switch, Rename, Edit and Delete. With more than one account of the app,
// an account picker keeps the integrations that use the account chosen
// (the official app page's authorization_id), and Set up starts with that
// account on the app's steps. An app without flows, or an answer that
// fails, leaves the section empty and hidden. ctx (the page's) ends it.
// Lock of the page held: it only appends the section and starts the read.
func appFlows(ctx context.Context, env Env, parent Element, app *sdk.App) {
	api, err := env.flowAPI()
	if err != nil {
		return
	}
	s := env.strings()
	doc := env.Doc
	section := el(doc, "section", "integry-flows integry-app-flows", "hidden", "")
	parent.Append(section)
	ref := app.Name
	if app.ID > 0 {
		ref = strconv.FormatInt(app.ID, 10) // as the official getAppFlows names it
	}
	filter := &sdk.ListFlowsOptions{App: ref, Tags: env.Tags}
	accounts := app.ConnectedAccounts
	spawn(env.Events, "the app page's flows", func() {
		flows, _, err := api.ListFlows(ctx, filter)
		if err != nil || len(flows) == 0 || ctx.Err() != nil {
			return
		}
		l := &FlowList{env: env, api: api, s: s, flows: flows, filter: filter, appID: app.ID, done: make(chan struct{})}
		l.ctx, l.cancel = context.WithCancel(ctx)
		l.mu.Lock()
		headID := newID(doc, "flows")
		l.status = el(doc, "p", "integry-status", "role", "status", "aria-live", "polite")
		l.list = el(doc, "ul", "integry-app-list integry-flow-list")
		section.Append(textEl(doc, "h3", "integry-title", s.T("flows_title"), "id", headID))
		if len(accounts) > 1 {
			section.Append(l.accountPicker(accounts))
		}
		section.Append(l.status, l.list)
		section.SetAttr("aria-labelledby", headID)
		section.RemoveAttr("hidden")
		l.render()
		if env.Events != nil {
			l.offs = append(l.offs, env.Events.On(EventDidSaveIntegration, func(any) {
				spawn(env.Events, "the app page's flows reload", l.reload, nil)
			}))
		}
		l.mu.Unlock()
		<-l.ctx.Done()
		l.Destroy()
	}, nil)
}

// accountPicker is the app page's select of the app's accounts: all of
// them, or one, whose integrations the list then shows. Lock held.
func (l *FlowList) accountPicker(accounts []sdk.ConnectedAccount) Element {
	doc := l.env.Doc
	box := el(doc, "div", "integry-field integry-flow-account")
	id := newID(doc, "account")
	sel := el(doc, "select", "integry-input", "id", id)
	sel.Append(textEl(doc, "option", "", l.s.T("flows_all_accounts"), "value", ""))
	for _, a := range accounts {
		sel.Append(textEl(doc, "option", "", accountName(a), "value", strconv.FormatInt(a.ID, 10)))
	}
	box.Append(textEl(doc, "label", "integry-label", l.s.T("flows_account"), "for", id), sel)
	l.offs = append(l.offs, sel.On("change", func(Event) {
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.closed {
			return
		}
		f := *l.filter
		f.AuthorizationID, _ = strconv.ParseInt(sel.Value(), 10, 64)
		l.filter, l.account = &f, f.AuthorizationID
		spawn(l.env.Events, "the app page's flows reload", l.reload, nil)
	}))
	return box
}
