package ui

import (
	"cmp"
	"context"
	"strconv"
	"sync"

	"github.com/integry-go/integry/sdk"
)

// The flow setup form (docs/flows.md#setup, #ours): one page per template
// step (the account the step uses, then its fields, drawn by the function
// form's view), a last page with the integration's name, and Save, which
// creates or edits the integration with the official runtime's requests and
// fires its events with its payloads.

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
	Objects() string // the config's payloads, JSON text (docs/flows.md#payloads)
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
		switch {
		case tf.Type == "TEXTAREA":
			fl.Kind = KindTextarea
		case tf.Type == "SELECT" && tf.Dynamic && tf.DataSrc != "":
			// The function form's dropdown, its options read from data_src
			// with the step's account (docs/flows.md#dynamic-fields).
			fl.Kind, fl.Dynamic = KindSelect, &DataSource{URL: tf.DataSrc, DependsOn: tf.Parents, PickLone: true}
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
