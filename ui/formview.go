package ui

import (
	"context"
	"strconv"
	"strings"

	"github.com/integry-go/integry/sdk"
)

// FormOptions are the parts of the official showFunction options that shape
// the form itself.
type FormOptions struct {
	SubmitText string // submitButtonText; default "Submit"
	HideSubmit bool   // hideSubmitButton
	HideTitle  bool   // hideFunctionTitle
	ReadOnly   bool   // isReadOnly: inputs read-only, the values still submit
	ShowTitle  bool   // render the title inside the form (INLINE); a modal shows it in its header
	// OnChange runs after a person changes a field, with the field's machine
	// name and its typed value (null while empty or invalid), the typed
	// {fieldMachineName, value} of the official typings
	// (docs/protocol.md#differs-on-change). It runs on the event-loop
	// goroutine and must not block.
	OnChange func(machineName string, value []byte)
	// Sources lets dynamic dropdowns and custom fields fetch their data
	// sources. Without it they show their prefilled values only.
	Sources *SourceEnv
	// Events is the instance's emitter: a panic in one of the form's
	// goroutines is emitted on it as an "error" event (see spawn). May be nil.
	Events *sdk.Emitter

	afterInput func(w *fieldWidget) Element // adds an element after a one-value field's input
}

// SourceEnv is how a form's data-source widgets reach the backend.
type SourceEnv struct {
	// Fetch sends one data-source request ([sdk.Client.DataSource]). It is
	// called from goroutines, with a context that ends with the form.
	Fetch  func(ctx context.Context, req sdk.DataSourceRequest) (sdk.Doc, error)
	Params SourceParams // the account and workspace options of the call
	Ctx    context.Context
}

// FormView renders a [Form] as an HTML form: a label for every input,
// required markers, help text and error messages tied to the inputs with
// aria-describedby, aria-invalid on invalid ones, and a summary that is
// announced on a failed submit.
//
// Goroutines: the view is built and changed with its owner's lock held
// (see [ShowFunction]); its listeners run on the event-loop goroutine,
// take the same lock, and never block.
type FormView struct {
	doc     Document
	s       *Strings
	form    *Form
	opts    FormOptions
	lock    func() func() // takes the owner's lock and returns its unlock
	root    Element
	summary Element
	submit  Element
	banner  Element
	bannerP Element
	connect Element
	// widgets are the shown fields, one each, in the order they were built:
	// a custom-fields sub-form's sub-fields come once loaded and go when it
	// reloads. A dynamic dropdown's or a sub-form's own state hangs off its
	// field's widget.
	widgets []*fieldWidget
	offs    []func()
	app     *sdk.App

	src       *SourceEnv // a copy; Params.AccountID is filled in on connect
	ctx       context.Context
	cancel    context.CancelFunc
	destroyed bool
	refresh   map[*Field]func() // pending dependent reloads (debounced)

	// OnSubmit receives the typed values of a valid submit. It runs on the
	// event-loop goroutine with the lock held and must not block.
	OnSubmit func(values []byte)
	// OnConnect runs inside the click on "Connect {App}", so that it can
	// open the connect popup synchronously. Lock held; must not block.
	OnConnect func(app *sdk.App)
}

// fieldWidget is one shown field: its elements and, for a dynamic dropdown
// or a custom-fields sub-form, that widget's state.
type fieldWidget struct {
	f      *Field
	input  Element       // the input, select or textarea; the fieldset for multiselects and sub-forms
	checks []Element     // multiselect checkboxes, in Options order
	drop   *dropdown     // a dynamic dropdown's combobox
	custom *customFields // a CUSTOM_FIELDS sub-form
	owner  *customFields // the sub-form the field is in; nil at the top
	errEl  Element
	shown  bool // a message is on screen
	helpID string
	errID  string
}

// NewFormView builds the form's DOM, detached; Root returns it for the
// caller to attach. lock is the owner's lock (listeners take it).
func NewFormView(doc Document, s *Strings, form *Form, opts FormOptions, lock func() func()) *FormView {
	injectStyle(doc)
	v := &FormView{doc: doc, s: s, form: form, opts: opts, lock: lock, app: form.App, refresh: map[*Field]func(){}}
	parent := context.Background()
	if opts.Sources != nil {
		src := *opts.Sources
		v.src = &src
		if src.Ctx != nil {
			parent = src.Ctx
		}
		if v.src.Params.AccountID == "" && form.App != nil && len(form.App.ConnectedAccounts) > 0 {
			v.src.Params.AccountID = strconv.FormatInt(form.App.ConnectedAccounts[0].ID, 10) // newest first
		}
	}
	v.ctx, v.cancel = context.WithCancel(parent)
	v.root = el(doc, "form", "integry-form", "novalidate", "")
	if opts.ShowTitle && !opts.HideTitle {
		v.root.Append(textEl(doc, "h2", "integry-title", form.Title))
	}
	if app := form.App; app != nil && app.LoginURL != "" && !app.IsConnected() {
		v.banner = el(doc, "div", "integry-banner")
		v.bannerP = textEl(doc, "p", "", s.T("connect_needed", "app", appTitle(app)), "role", "status")
		v.connect = textEl(doc, "button", "integry-button integry-connect", s.T("connect_app", "app", appTitle(app)), "type", "button")
		v.banner.Append(v.bannerP, v.connect)
		v.root.Append(v.banner)
		v.offs = append(v.offs, v.connect.On("click", func(Event) {
			defer v.lock()()
			if v.OnConnect != nil && v.app != nil {
				v.OnConnect(v.app)
			}
		}))
	}
	v.summary = el(doc, "p", "integry-summary", "role", "alert")
	v.root.Append(v.summary)
	v.addFields(v.root, form.Fields)
	if !opts.HideSubmit {
		actions := el(doc, "div", "integry-actions")
		text := opts.SubmitText
		if text == "" {
			text = s.T("submit")
		}
		v.submit = textEl(doc, "button", "integry-button integry-submit", text, "type", "submit")
		if v.banner != nil {
			v.submit.SetAttr("disabled", "")
		}
		actions.Append(v.submit)
		v.root.Append(actions)
	}
	v.offs = append(v.offs, v.root.On("submit", func(ev Event) {
		ev.PreventDefault()
		unlock := v.lock()
		defer unlock()
		v.trySubmit()
	}))
	v.loadSources()
	return v
}

// loadSources starts the first load of every data source, once the app is
// connected (a source is the user's account's data). Lock held.
func (v *FormView) loadSources() {
	if v.banner != nil {
		return
	}
	for _, w := range v.widgets { // a fetch only starts a request: v.widgets stays
		if d := w.drop; d != nil && !d.loaded && !d.load.loading {
			d.fetch(false)
		}
		if c := w.custom; c != nil && !c.load.loading && c.f.Children == nil {
			c.fetch()
		}
	}
}

// in reports whether w's field is in sub-form c, or in one inside it.
func (w *fieldWidget) in(c *customFields) bool {
	for o := w.owner; o != nil; o = o.w.owner {
		if o == c {
			return true
		}
	}
	return false
}

// release drops a request a dropdown or a sub-form has out and removes the
// listeners and the blur timer it keeps beside the view's offs. Lock held.
func (w *fieldWidget) release() {
	if d := w.drop; d != nil {
		d.load.reset()
		d.cancelBlur()
		for _, off := range d.chipOffs {
			off()
		}
		d.chipOffs = nil
	}
	if c := w.custom; c != nil {
		c.load.reset()
		for _, off := range c.offs {
			off()
		}
		c.offs = nil
	}
}

func appTitle(a *sdk.App) string {
	if a.Title != "" {
		return a.Title
	}
	return a.Name
}

// Root returns the <form> element.
func (v *FormView) Root() Element { return v.root }

// read copies what the widget shows into the form. A dropdown writes its
// choice into the form itself, when it is made.
func (v *FormView) read(w *fieldWidget) {
	if w.drop != nil || w.custom != nil {
		return
	}
	if w.f.Kind == KindMultiSelect {
		var sel []string
		for i, cb := range w.checks {
			if cb.Checked() {
				sel = append(sel, w.f.Options[i].Value)
			}
		}
		v.form.SetSelected(w.f, sel)
		return
	}
	v.form.SetText(w.f, w.input.Value())
}

func (v *FormView) changed(w *fieldWidget) {
	unlock := v.lock()
	if v.destroyed {
		unlock()
		return
	}
	v.read(w)
	after := v.afterChange(w)
	unlock()
	if after != nil { // outside the lock: the host's callback may call back into the SDK
		after()
	}
}

// afterChange shows the field's problem, schedules the reload of the data
// sources that refer to it, and returns the host's onChangeCallback call,
// to run once the lock is released (nil when there is none). Lock held.
func (v *FormView) afterChange(w *fieldWidget) func() {
	v.describe(w)
	for _, dep := range v.form.Dependents(w.f) {
		v.scheduleReload(dep)
	}
	cb := v.opts.OnChange
	if cb == nil {
		return nil
	}
	val := []byte("null")
	if tv, p := w.f.typed(); p == nil && tv != nil {
		val = tv.JSON()
	}
	name := w.f.MachineName
	return func() { cb(name, val) }
}

// scheduleReload reloads dep's data source once the person has stopped
// typing in a field it refers to ([SearchDelay]). Lock held.
func (v *FormView) scheduleReload(dep *Field) {
	if stop := v.refresh[dep]; stop != nil {
		stop()
	}
	v.refresh[dep] = v.doc.Later(SearchDelay, func() {
		defer v.lock()()
		delete(v.refresh, dep)
		if v.destroyed {
			return
		}
		for _, w := range v.widgets {
			if w.f != dep {
				continue
			}
			// One widget a field; a sub-form's reset changes v.widgets.
			if w.drop != nil {
				w.drop.reset()
			} else if w.custom != nil {
				w.custom.reset()
			}
			break
		}
	})
}

// describe shows a field's problem, or clears it.
func (v *FormView) describe(w *fieldWidget) {
	ids := w.helpID
	if p := w.f.Problem(); p != nil {
		msg := v.s.T("err_" + p.Key)
		if p.Key == "pattern" && p.Custom != "" {
			msg = p.Custom
		}
		w.errEl.SetText(msg)
		ids = strings.TrimSpace(ids + " " + w.errID)
		v.invalid(w, true)
		w.shown = true
	} else if w.shown {
		w.errEl.SetText("")
		v.invalid(w, false)
		w.shown = false
	}
	if ids != "" {
		if w.input.Attr("aria-describedby") != ids {
			w.input.SetAttr("aria-describedby", ids)
		}
	} else if w.input.Attr("aria-describedby") != "" {
		w.input.RemoveAttr("aria-describedby")
	}
}

func (v *FormView) invalid(w *fieldWidget, bad bool) {
	targets := []Element{w.input}
	if w.f.Kind == KindMultiSelect && w.drop == nil {
		targets = w.checks
	}
	for _, t := range targets {
		if bad {
			t.SetAttr("aria-invalid", "true")
		} else if t.Attr("aria-invalid") != "" {
			t.RemoveAttr("aria-invalid")
		}
	}
}

func (v *FormView) trySubmit() {
	for _, w := range v.widgets {
		v.read(w)
	}
	if v.banner != nil {
		v.connect.Focus()
		return
	}
	vals, bad := v.form.Values()
	for _, w := range v.widgets {
		v.describe(w)
	}
	if len(bad) > 0 {
		v.summary.SetText(v.s.T("fix_problems", "count", strconv.Itoa(len(bad))))
		for _, w := range v.widgets {
			if w.f == bad[0] {
				if w.f.Kind == KindMultiSelect && len(w.checks) > 0 {
					w.checks[0].Focus()
				} else {
					w.input.Focus()
				}
				break
			}
		}
		return
	}
	v.summary.SetText("")
	if v.OnSubmit != nil {
		v.OnSubmit(vals)
	}
}

// Connecting shows that the connect flow runs. Lock held.
func (v *FormView) Connecting() {
	if v.banner == nil {
		return
	}
	v.bannerP.SetText(v.s.T("connecting", "app", appTitle(v.app)))
	v.connect.SetAttr("disabled", "")
}

// ConnectFailed shows why connecting failed and offers the button again.
// Lock held.
func (v *FormView) ConnectFailed(err error) {
	if v.banner == nil {
		return
	}
	v.bannerP.SetText(v.s.T("connect_error", "app", appTitle(v.app), "error", sdk.AsError(err).Message))
	v.connect.RemoveAttr("disabled")
}

// Connected removes the connect banner, enables the submit button and
// loads the data sources with the new account. Lock held.
func (v *FormView) Connected(app *sdk.App) {
	if app != nil {
		v.app = app
		v.form.App = app
		if v.src != nil && len(app.ConnectedAccounts) > 0 {
			if id := app.ConnectedAccountID; id != "" {
				v.src.Params.AccountID = id
			} else if v.src.Params.AccountID == "" {
				v.src.Params.AccountID = strconv.FormatInt(app.ConnectedAccounts[0].ID, 10)
			}
		}
	}
	if v.banner == nil {
		return
	}
	focus := v.connect.Is(v.doc.ActiveElement())
	v.banner.Remove()
	v.banner = nil
	if v.submit != nil {
		v.submit.RemoveAttr("disabled")
		if focus {
			v.submit.Focus()
		}
	}
	v.loadSources()
}

// Destroy removes the form's listeners and the form, and stops its
// pending data-source requests and reloads. Lock held.
func (v *FormView) Destroy() {
	v.destroyed = true
	v.cancel()
	for _, stop := range v.refresh {
		stop()
	}
	v.refresh = nil
	for _, w := range v.widgets {
		w.release()
	}
	for _, off := range v.offs {
		off()
	}
	v.offs = nil
	v.root.Remove()
}
