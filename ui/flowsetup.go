package ui

import (
	"cmp"
	"context"
	"strconv"
	"strings"
	"sync"

	"github.com/integry-go/integry/internal/jsonx"
	"github.com/integry-go/integry/sdk"
)

// The flow setup form (docs/flows.md#setup, #ours): one page per template
// step (the account the step uses, then its fields, drawn by the function
// form's view), a last page with the integration's name, and Save, which
// creates or edits the integration with the official runtime's requests and
// fires its events with its payloads.

// The flow events this SDK emits (docs/flows.md#events).
const (
	EventDidLoadFlows           sdk.Event = "did-load-flows"
	EventDidLoadFlow            sdk.Event = "did-load-flow"
	EventDidLoadIntegration     sdk.Event = "did-load-integration"
	EventDidSelectAuthorization sdk.Event = "did-select-authorization"
	EventDidChangeStep          sdk.Event = "did-change-step"
	EventDidSaveIntegration     sdk.Event = "did-save-integration"
	EventIntegrationCreated     sdk.Event = "integration-created"
	EventDidEnableIntegration   sdk.Event = "did-enable-integration"
	EventDidDisableIntegration  sdk.Event = "did-disable-integration"
	EventDidRenameIntegration   sdk.Event = "did-rename-integration"
	EventDidDeleteIntegration   sdk.Event = "did-delete-integration"
	EventDidAddAuthorization    sdk.Event = "did-add-authorization"
)

// FlowEvents are the events above, for the instance to forward to the page.
var FlowEvents = []sdk.Event{EventDidLoadFlows, EventDidLoadFlow, EventDidLoadIntegration, EventDidSelectAuthorization, EventDidChangeStep,
	EventDidSaveIntegration, EventIntegrationCreated, EventDidEnableIntegration, EventDidDisableIntegration,
	EventDidRenameIntegration, EventDidDeleteIntegration, sdk.EventEmbedWarning, EventDidAddAuthorization}

// FlowAPI is what the flow widgets ask the backend; *sdk.Client implements
// it. [Env.API] must implement it for them.
type FlowAPI interface {
	ListFlows(ctx context.Context, opts *sdk.ListFlowsOptions) ([]sdk.Flow, sdk.Doc, error)
	GetTemplate(ctx context.Context, id int64) (*sdk.Template, error)
	GetTemplateStep(ctx context.Context, id, integrationID int64) (*sdk.TemplateStep, error)
	SaveIntegration(ctx context.Context, s *sdk.IntegrationSetup) (*sdk.Integration, error)
	GetIntegration(ctx context.Context, id int64) (*sdk.Integration, error)
	EnableIntegration(ctx context.Context, id int64) (*sdk.Integration, error)
	DisableIntegration(ctx context.Context, id int64) (*sdk.Integration, error)
	RenameIntegration(ctx context.Context, id int64, name string) (*sdk.Integration, error)
	DeleteIntegration(ctx context.Context, id int64) error
}

func (e Env) flowAPI() (FlowAPI, error) {
	if f, ok := e.API.(FlowAPI); ok {
		return f, nil
	}
	return nil, sdk.NewError(sdk.CodeInternal, "this SDK instance cannot reach flows")
}

// FlowSetupOptions are renderFlowSetupForm's and setupIntegration's
// arguments.
type FlowSetupOptions struct {
	FlowID        int64 // the template; may be 0 with IntegrationID
	IntegrationID int64 // edit this integration instead of creating one
	Mode          RenderMode
	ContainerID   string // INLINE: the container's id; MODAL: where the modal mounts, else #integry-marketplace
	// AccountID, when not 0, is the account a new setup starts with on the
	// steps of app AppID (the account picked on the app's page).
	AppID, AccountID int64
	// WarnUserVariables checks the user variables' required values first,
	// as the official renderAppFlows does (docs/flows.md#user-variables).
	WarnUserVariables bool
}

// FlowSetup is a flow setup form on the page.
type FlowSetup struct {
	env   Env
	api   FlowAPI
	s     *Strings
	o     FlowSetupOptions
	tpl   *sdk.Template
	steps []*setupStep
	name  string

	w      widget
	ctx    context.Context
	cancel context.CancelFunc
	root   Element // the form's content, in the modal's body or the wrap
	wrap   Element // INLINE
	modal  *Modal
	status Element
	page   int // index in steps; len(steps) is the confirmation
	pageEl Element
	view   *FormView
	offs   []func()
	done   chan struct{}
	closed bool
	saving bool

	queue  []flowEvent // events to emit once the lock is released
	emitMu sync.Mutex  // held by the one goroutine emitting the queue
}

type flowEvent struct {
	name sdk.Event
	p    sdk.Doc
}

// emit queues an event and starts its emitting. Events leave in order, never
// with the widget's lock held: a page handler may touch the form
// (docs/design.md#deadlock-rule). Lock held.
func (f *FlowSetup) emit(name sdk.Event, p sdk.Doc) {
	f.queue = append(f.queue, flowEvent{name, p})
	if len(f.queue) == 1 {
		spawn(f.env.Events, "the flow setup's events", f.flush, nil)
	}
}

func (f *FlowSetup) flush() {
	f.emitMu.Lock()
	defer f.emitMu.Unlock()
	for {
		unlock := f.w.lock()
		q := f.queue
		f.queue = nil
		unlock()
		if len(q) == 0 {
			return
		}
		for _, e := range q {
			f.env.emit(e.name, e.p)
		}
	}
}

// setupStep is one template step and what the person chose for it.
type setupStep struct {
	st       *sdk.TemplateStep
	account  int64
	verified int64 // the account the server said can be used (ui/flowauth.go)
	form     *Form
	fields   []*Field // in st.Fields order; nil for a field not shown
}

// ShowFlowSetup reads the flow's template and steps, renders the setup form
// in a modal or inline, and returns once it is on screen (the call's
// promise resolves then). The form stays until it is saved, the modal is
// closed, [FlowSetup.Destroy] is called or ctx ends. It blocks for the
// reads: call it from a goroutine.
func ShowFlowSetup(ctx context.Context, env Env, o FlowSetupOptions) (*FlowSetup, error) {
	api, err := env.flowAPI()
	if err != nil {
		return nil, err
	}
	if o.FlowID <= 0 && o.IntegrationID <= 0 {
		return nil, sdk.InvalidArgument("a flow setup needs a flowId or an integrationId")
	}
	mode, container, err := env.place(o.Mode, o.ContainerID, "flow setup form")
	if err != nil {
		return nil, err
	}
	if o.WarnUserVariables {
		WarnMissingUserVariables(ctx, env, true)
	}
	name := ""
	if o.IntegrationID > 0 {
		in, err := api.GetIntegration(ctx, o.IntegrationID)
		if err != nil {
			return nil, err
		}
		if o.FlowID <= 0 {
			o.FlowID = in.TemplateID
		}
		name = in.Name
	}
	if _, raw, err := api.ListFlows(ctx, nil); err == nil {
		env.emit(EventDidLoadFlows, payload("flows", raw))
	}
	tpl, err := api.GetTemplate(ctx, o.FlowID)
	if err != nil {
		return nil, err
	}
	if name == "" {
		name = tpl.Name
	}
	f := &FlowSetup{env: env, api: api, s: env.strings(), o: o, tpl: tpl, name: name, done: make(chan struct{})}
	for _, ref := range tpl.Steps {
		st, err := api.GetTemplateStep(ctx, ref.ID, o.IntegrationID)
		if err != nil {
			return nil, err
		}
		f.steps = append(f.steps, newSetupStep(st, o))
	}
	f.ctx, f.cancel = context.WithCancel(ctx)
	modeName := "CREATE"
	if o.IntegrationID > 0 {
		modeName = "EDIT"
	}
	env.emit(EventDidLoadFlow, payload("templateId", tpl.ID, "templateTitle", tpl.Name, "templateDescription", tpl.Description,
		"flowId", tpl.ID, "flowTitle", tpl.Name, "flowDescription", tpl.Description, "mode", modeName))
	if o.IntegrationID > 0 {
		env.emit(EventDidLoadIntegration, payload("flowId", tpl.ID, "integrationId", o.IntegrationID))
	}

	defer f.w.lock()()
	injectStyle(env.Doc)
	doc := env.Doc
	f.root = el(doc, "div", "integry-flow-setup")
	f.status = el(doc, "p", "integry-status", "role", "status", "aria-live", "polite")
	f.pageEl = el(doc, "div", "integry-flow-page")
	if mode == ModeModal {
		f.root.Append(textEl(doc, "p", "integry-help", tpl.Description), f.pageEl, f.status)
		f.modal = NewModal(doc, f.s, tpl.Name, func() {
			f.Destroy()
			env.emit(sdk.EventModalClosed, struct{}{})
		})
		f.modal.SetIcon(tpl.BrandingApp.IconURL)
		f.modal.Body().Append(f.root)
	} else {
		f.wrap = el(doc, "div", "integry-root integry-inline", "lang", f.s.Lang())
		f.root.Append(textEl(doc, "h2", "integry-title", tpl.Name), textEl(doc, "p", "integry-help", tpl.Description), f.pageEl, f.status)
		f.wrap.Append(f.root)
		container.Append(f.wrap)
	}
	f.show(0)
	if f.modal != nil {
		f.modal.MountIn(cmp.Or(o.ContainerID, ModalContainerID), "") // as the marketplace's (docs/protocol.md#surface-styling)
	}
	spawn(env.Events, "the flow setup form", func() {
		select {
		case <-f.ctx.Done():
			f.Destroy()
		case <-f.done:
		}
	}, nil)
	return f, nil
}

// Done is closed when the form is gone.
func (f *FlowSetup) Done() <-chan struct{} { return f.done }

// Destroy removes the form and its listeners. Safe to call more than once,
// from any goroutine but not from one of its listeners.
func (f *FlowSetup) Destroy() {
	defer f.w.lock()()
	f.destroyLocked()
}

func (f *FlowSetup) destroyLocked() {
	if f.closed {
		return
	}
	f.closed = true
	f.cancel()
	f.clearPage()
	if f.modal != nil {
		f.modal.Destroy()
	}
	if f.wrap != nil {
		f.wrap.Remove()
	}
	close(f.done)
}

func newSetupStep(st *sdk.TemplateStep, o FlowSetupOptions) *setupStep {
	s := &setupStep{st: st, account: st.AccountID, form: &Form{Name: st.MachineName, Title: st.Title}}
	for _, a := range st.Accounts {
		if s.account == 0 && o.AccountID != 0 && st.App.ID == o.AppID && a.ID == o.AccountID {
			s.account = a.ID
		}
	}
	if s.account == 0 && len(st.Accounts) > 0 {
		s.account = st.Accounts[0].ID
	}
	for _, tf := range st.Fields {
		if !tf.Visible {
			s.fields = append(s.fields, nil)
			continue
		}
		fl := &Field{Key: strconv.FormatInt(tf.ID, 10), MachineName: tf.MachineName, Label: tf.Title, Help: tf.Description,
			Type: "string", Kind: KindText, Required: tf.Required}
		fl.Path = []string{fl.Key}
		if tf.Type == "TEXTAREA" {
			fl.Kind = KindTextarea
		}
		fl.text = tf.Default
		if tf.HasSaved {
			fl.text = tf.Saved
		}
		s.form.Fields = append(s.form.Fields, fl)
		s.fields = append(s.fields, fl)
	}
	return s
}

// needsAuth reports whether the step asks for an account.
func (s *setupStep) needsAuth() bool { return s.st.AuthRequired }

func (f *FlowSetup) clearPage() {
	for _, off := range f.offs {
		off()
	}
	f.offs = nil
	if f.view != nil {
		f.view.Destroy()
		f.view = nil
	}
	f.pageEl.Clear()
}

// show draws page i (a step, or the confirmation when i is len(steps)) and
// emits what the official form emits on entering it. Lock held.
func (f *FlowSetup) show(i int) {
	f.clearPage()
	f.page = i
	doc := f.env.Doc
	total := len(f.steps) + 1
	f.pageEl.Append(textEl(doc, "p", "integry-help integry-flow-progress", f.s.T("flow_step_of", "n", strconv.Itoa(i+1), "total", strconv.Itoa(total))))
	if i == len(f.steps) {
		f.showConfirmation()
		return
	}
	s := f.steps[i]
	f.pageEl.Append(textEl(doc, "h3", "integry-title integry-flow-step-title", s.st.Title))
	var accountSel Element
	if s.needsAuth() {
		box := el(doc, "div", "integry-field")
		id := newID(doc, "account")
		box.Append(textEl(doc, "label", "integry-label", f.s.T("flow_account", "app", s.st.App.Name), "for", id))
		if len(s.st.Accounts) == 0 {
			box.Append(textEl(doc, "p", "integry-help", f.s.T("flow_no_account", "app", s.st.App.Name), "id", id))
		} else {
			accountSel = el(doc, "select", "integry-input", "id", id, "aria-required", "true")
			for _, a := range s.st.Accounts {
				o := textEl(doc, "option", "", a.Identity, "value", strconv.FormatInt(a.ID, 10))
				if a.ID == s.account {
					o.SetAttr("selected", "")
				}
				accountSel.Append(o)
			}
			box.Append(accountSel)
			f.offs = append(f.offs, accountSel.On("change", func(Event) {
				defer f.w.lock()()
				if id, err := strconv.ParseInt(accountSel.Value(), 10, 64); err == nil && !f.closed {
					s.account = id
					f.emit(EventDidSelectAuthorization, payload("authorizationId", id))
					f.checkAccount(i)
				}
			}))
		}
		f.addAccountButton(box, i)
		f.pageEl.Append(box)
	}
	next := "flow_next"
	f.view = NewFormView(doc, f.s, s.form, FormOptions{SubmitText: f.s.T(next), Events: f.env.Events, afterInput: f.tagMenu(i)}, f.w.lock)
	if s.needsAuth() && s.account == 0 {
		f.view.submit.SetAttr("disabled", "")
	}
	f.view.OnSubmit = func([]byte) { // lock held
		if s.needsAuth() && !f.usable(s) {
			return
		}
		f.show(i + 1)
		f.focusPage()
	}
	f.pageEl.Append(f.view.Root())
	if s.needsAuth() {
		f.checkAccount(i)
	}
	if i > 0 {
		f.addBack(i)
	}
	if s.needsAuth() && s.account != 0 {
		f.emit(EventDidSelectAuthorization, payload("authorizationId", s.account))
	}
	if s.needsAuth() {
		f.emit(EventDidChangeStep, payload("stepId", s.st.ID, "stepType", "AUTH"))
	}
	if len(s.form.Fields) > 0 {
		f.emit(EventDidChangeStep, payload("stepId", s.st.ID, "stepType", "CONFIGURATION"))
	}
}

// addBack adds a Back button that returns to page i-1. Lock held.
func (f *FlowSetup) addBack(i int) {
	back := textEl(f.env.Doc, "button", "integry-button integry-button-secondary integry-flow-back", f.s.T("flow_back"), "type", "button")
	f.pageEl.Append(back)
	f.offs = append(f.offs, back.On("click", func(Event) {
		defer f.w.lock()()
		if !f.closed && !f.saving {
			f.show(i - 1)
			f.focusPage()
		}
	}))
}

// focusPage moves the focus to the first control of the page shown, so a
// keyboard user continues where the page changed. Lock held.
func (f *FlowSetup) focusPage() {
	if fs := f.pageEl.Focusables(); len(fs) > 0 {
		fs[0].Focus()
	}
}

// tagMenu returns, for the form of page, the hook that adds after each
// field that allows tags a menu of the data the trigger sends: choosing one
// appends its tag ({steps.trigger.key}) to the field (docs/flows.md#ours).
func (f *FlowSetup) tagMenu(page int) func(w *fieldWidget) Element {
	if page == 0 {
		return nil // the trigger's own fields cannot use its output
	}
	tags := triggerTags(f.steps[0].st)
	if len(tags) == 0 {
		return nil
	}
	s := f.steps[page]
	return func(w *fieldWidget) Element {
		mappable := false
		for j, fl := range s.fields {
			if fl == w.f {
				mappable = s.st.Fields[j].Mappable
			}
		}
		if !mappable {
			return nil
		}
		current := func() *FormView {
			if f.closed {
				return nil
			}
			return f.view
		}
		return tagSelect(f.env.Doc, f.s.T("flow_insert_tag", "field", w.f.Label), "integry-flow-tags", w, tags, f.w.lock, current, &f.offs)
	}
}

// triggerTags lists the trigger's sample data as tags, nested objects
// flattened with dots, in the sample's order.
func triggerTags(st *sdk.TemplateStep) []Tag {
	var out []Tag
	var walk func(d sdk.Doc, path string, depth int)
	walk = func(d sdk.Doc, path string, depth int) {
		if d == nil || depth > 4 || len(out) >= 200 {
			return
		}
		if d.Kind() == sdk.KindObject {
			for i := range d.Len() {
				k := d.Key(i)
				p := k
				if path != "" {
					p = path + "." + k
				}
				walk(d.Index(i), p, depth+1)
			}
			return
		}
		if path != "" {
			out = append(out, Tag{Tag: "{steps." + st.MachineName + ".out." + path + "}", Label: path})
		}
	}
	walk(st.Output, "", 0)
	return out
}

// showConfirmation draws the last page: the integration's name, what was
// chosen, and Save. Lock held.
func (f *FlowSetup) showConfirmation() {
	doc := f.env.Doc
	f.pageEl.Append(textEl(doc, "h3", "integry-title integry-flow-step-title", f.s.T("flow_confirm")))
	form := &Form{Name: "integration", Title: f.tpl.Name}
	nameField := &Field{Key: "name", Path: []string{"name"}, MachineName: "name", Label: f.s.T("flow_name"), Type: "string", Kind: KindText, Required: true, text: f.name}
	form.Fields = []*Field{nameField}
	list := el(doc, "ul", "integry-flow-summary")
	for _, s := range f.steps {
		if !s.needsAuth() {
			continue
		}
		who := ""
		for _, a := range s.st.Accounts {
			if a.ID == s.account {
				who = a.Identity
			}
		}
		list.Append(textEl(doc, "li", "", s.st.Title+": "+who))
	}
	f.pageEl.Append(list)
	save := f.s.T("flow_save")
	if f.o.IntegrationID > 0 {
		save = f.s.T("flow_update")
	}
	f.view = NewFormView(doc, f.s, form, FormOptions{SubmitText: save, Events: f.env.Events}, f.w.lock)
	f.view.OnSubmit = func([]byte) { // lock held
		if f.saving {
			return
		}
		f.name = strings.TrimSpace(nameField.Text())
		f.save()
	}
	f.pageEl.Append(f.view.Root())
	f.addBack(len(f.steps))
	f.emit(EventDidChangeStep, payload("stepId", nil, "stepType", "CONFIRMATION"))
}

// setup is what Save sends.
func (f *FlowSetup) setup() *sdk.IntegrationSetup {
	in := &sdk.IntegrationSetup{ID: f.o.IntegrationID, Name: f.name, TemplateID: f.tpl.ID}
	for _, s := range f.steps {
		ss := sdk.SetupStep{ID: s.st.ID, TemplateStepID: s.st.ID, AccountID: s.account, Values: []sdk.SetupValue{}}
		if s.st.StepInstanceID > 0 {
			ss.ID = s.st.StepInstanceID
		}
		for j, fl := range s.fields {
			if fl != nil {
				ss.Values = append(ss.Values, sdk.SetupValue{FieldID: s.st.Fields[j].ID, Value: fl.Text()})
			}
		}
		in.Steps = append(in.Steps, ss)
	}
	return in
}

// save sends the integration on a goroutine and, once saved, emits
// did-save-integration and integration-created. Lock held.
func (f *FlowSetup) save() {
	f.saving = true
	f.view.submit.SetAttr("disabled", "")
	f.status.SetText(f.s.T("flow_saving"))
	setup := f.setup()
	spawn(f.env.Events, "the flow setup's save", func() {
		in, err := f.api.SaveIntegration(f.ctx, setup)
		if f.ctx.Err() != nil {
			return
		}
		if err != nil {
			defer f.w.lock()()
			f.saving = false
			f.view.submit.RemoveAttr("disabled")
			f.status.SetText(f.s.T("flow_save_error", "error", sdk.AsError(err).Message))
			return
		}
		p := f.savedPayload(setup, in)
		_, raw, lerr := f.api.ListFlows(f.ctx, nil)
		defer f.w.lock()()
		f.emit(EventDidSaveIntegration, p)
		f.emit(EventIntegrationCreated, p)
		f.emit(EventDidChangeStep, payload("stepId", nil, "stepType", "CONFIRMATION"))
		if lerr == nil {
			f.emit(EventDidLoadFlows, payload("flows", raw))
		}
		if f.closed {
			return
		}
		if f.modal != nil {
			f.destroyLocked()
			return
		}
		f.clearPage()
		f.saving = false
		f.status.SetText(f.s.T("flow_saved", "name", in.Name))
		close(f.done)
		f.closed = true
		f.cancel()
	}, func() {
		defer f.w.lock()()
		f.saving = false
		if f.view != nil {
			f.view.submit.RemoveAttr("disabled")
		}
	})
}

// savedPayload is the official did-save-integration payload
// (docs/flows.md#events).
func (f *FlowSetup) savedPayload(setup *sdk.IntegrationSetup, in *sdk.Integration) sdk.Doc {
	var auths []byte
	auths = append(auths, '[')
	n := 0
	for _, s := range f.steps {
		for _, a := range s.st.Accounts {
			if a.ID != s.account || s.account == 0 {
				continue
			}
			if n > 0 {
				auths = append(auths, ',')
			}
			n++
			auths = append(auths, `{"authorizationId":`...)
			auths = strconv.AppendInt(auths, a.ID, 10)
			auths = append(auths, `,"userIdentity":`...)
			auths = jsonx.AppendString(auths, a.Identity)
			auths = append(auths, `,"isBrandingAppAuth":`...)
			auths = strconv.AppendBool(auths, s.st.App.ID == f.tpl.BrandingApp.ID)
			auths = append(auths, '}')
		}
	}
	auths = append(auths, ']')
	event := "CREATE"
	if f.o.IntegrationID > 0 {
		event = "EDIT"
	}
	var brand any = nil
	if f.tpl.BrandingApp.Doc != nil {
		brand = f.tpl.BrandingApp.Doc
	}
	return payload("integrationId", in.ID, "name", in.Name, "templateId", in.TemplateID, "flowId", in.TemplateID,
		"status", in.Status, "callbackUrl", nil, "callbackUrlArray", nil, "authorizations", rawJSON(auths),
		"steps", rawJSON(setup.StepsJSON()), "event", event, "object", rawJSON("{}"),
		"mappedObject", rawJSON(mappedObject(setup)), "flowDescription", f.tpl.Description,
		"flowName", f.tpl.Name, "brandingApp", brand)
}

// mappedObject is the official payload's mappedObject without a payloads
// config: every tag the values use, as nested objects under "object", with
// no leaf values (docs/flows.md#events).
func mappedObject(setup *sdk.IntegrationSetup) []byte {
	type node struct {
		keys []string
		kids map[string]*node
	}
	root := &node{kids: map[string]*node{}}
	for _, st := range setup.Steps {
		for _, v := range st.Values {
			rest := v.Value
			for {
				i := strings.IndexByte(rest, '{')
				if i < 0 {
					break
				}
				j := strings.IndexByte(rest[i:], '}')
				if j < 0 {
					break
				}
				parts := strings.Split(rest[i+1:i+j], ".")
				rest = rest[i+j+1:]
				n := root
				for _, p := range parts[:len(parts)-1] {
					if p == "" {
						continue
					}
					k := n.kids[p]
					if k == nil {
						k = &node{kids: map[string]*node{}}
						n.kids[p] = k
						n.keys = append(n.keys, p)
					}
					n = k
				}
			}
		}
	}
	var enc func(b []byte, n *node) []byte
	enc = func(b []byte, n *node) []byte {
		b = append(b, '{')
		for i, k := range n.keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonx.AppendString(b, k)
			b = append(b, ':')
			b = enc(b, n.kids[k])
		}
		return append(b, '}')
	}
	return append(enc([]byte(`{"object":`), root), '}')
}

// rawJSON is JSON text a payload holds as it is.
type rawJSON []byte

// payload builds an event payload from name, value pairs: strings, int64,
// bool, nil, sdk.Doc and rawJSON.
func payload(pairs ...any) sdk.Doc {
	b := []byte{'{'}
	for i := 0; i+1 < len(pairs); i += 2 {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonx.AppendString(b, pairs[i].(string))
		b = append(b, ':')
		b = appendValue(b, pairs[i+1])
	}
	d, err := sdk.ParseDoc(append(b, '}'))
	if err != nil {
		panic("ui: an event payload is not JSON: " + err.Error())
	}
	return d
}

func appendValue(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return jsonx.AppendString(b, x)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case bool:
		return strconv.AppendBool(b, x)
	case rawJSON:
		return append(b, x...)
	case sdk.Doc:
		if x == nil {
			return append(b, "null"...)
		}
		return append(b, x.JSON()...)
	}
	panic("ui: no JSON form for an event payload's value")
}
