package ui

import (
	"context"
	"strings"
	"sync"

	"github.com/integry-go/integry/internal/contract"
	"github.com/integry-go/integry/internal/jsonx"
	"github.com/integry-go/integry/sdk"
)

// API is what the widgets ask the backend. *sdk.Client implements it; tests
// use a fake.
type API interface {
	GetFunction(ctx context.Context, name string, opts *sdk.GetFunctionOptions) (*sdk.Function, error)
	GetApp(ctx context.Context, name string) (*sdk.App, error)
	ListApps(ctx context.Context, opts *sdk.ListAppsOptions) (*sdk.AppPage, error)
	Disconnect(ctx context.Context, appName, accountID string) (*sdk.App, error)
	DataSource(ctx context.Context, req sdk.DataSourceRequest) (sdk.Doc, error)
}

// StartConnectFunc opens the connect popup for an app synchronously (it must
// be called inside the person's click) and returns wait, which runs the rest
// of the flow and must be called from a goroutine. An error means the flow
// could not start (popup_blocked, destroyed…). The flow emits app-connected
// itself.
type StartConnectFunc func(appName string) (wait func(context.Context) (*sdk.ConnectResult, error), err error)

// Env is what a widget needs from its SDK instance. The wasm package fills
// it from the instance; the ui package never imports wasm.
type Env struct {
	Doc          Document
	API          API
	Events       *sdk.Emitter // the instance's emitter; may be nil
	Strings      *Strings     // the instance's language; nil is English
	StartConnect StartConnectFunc
	Tags         []string // the constructor's options.tags: the flow listings send them
}

func (e Env) emit(name sdk.Event, payload any) {
	if e.Events != nil {
		e.Events.Emit(name, payload)
	}
}

// strings returns the instance's string table, English when it has none.
func (e Env) strings() *Strings {
	if e.Strings == nil {
		return NewStrings("en")
	}
	return e.Strings
}

// place resolves where a widget goes: mode ("" is MODAL) and, INLINE, the
// element with the id containerID, which must exist; what names the widget
// in that error ("form", "marketplace").
func (e Env) place(mode RenderMode, containerID, what string) (RenderMode, Element, error) {
	switch mode {
	case "", ModeModal:
		return ModeModal, nil, nil
	case ModeInline:
		if c := e.Doc.ElementByID(containerID); c != nil {
			if PageNode(containerID) {
				styleIn(e.Doc, c)
			}
			return mode, c, nil
		}
		return "", nil, sdk.InvalidArgument("no element with id " + jsonx.Quote(containerID) + " for the INLINE " + what)
	}
	return "", nil, sdk.InvalidArgument("renderMode must be MODAL or INLINE")
}

// PageNode reports whether containerID names a node the page handed over
// (an Element, a ShadowRoot) rather than an element id
// (docs/protocol.md#surface-container).
func PageNode(containerID string) bool {
	return strings.HasPrefix(containerID, contract.PageNodePrefix)
}

// RenderMode is where a widget appears: MODAL over the page, or INLINE in a
// container element.
type RenderMode string

// The render modes of the official RenderModes enum.
const (
	ModeModal  RenderMode = "MODAL"
	ModeInline RenderMode = "INLINE"
)

// RenderPayload is the payload of did-render-function (docs/protocol.md#events);
// the wasm gives the page its fields as functionName, renderMode,
// containerId, chatBotUI and isReadOnly.
type RenderPayload struct {
	FunctionName string
	RenderMode   RenderMode
	ContainerID  string
	ChatBotUI    bool
	IsReadOnly   bool
}

// FunctionOptions are showFunctionUI's and showFunction's arguments.
type FunctionOptions struct {
	Params             []byte      // prefill: a JSON object of any values
	ConnectedAccountID string      // compared as a string (docs/protocol.md#differs-account-id-strings)
	Version            string      // Version header of the signature request
	AllowWorkspace     bool        // allow_workspace_connected_accounts
	HiddenFields       []string    // hiddenFields
	VisibleFields      []string    // visibleFields
	Form               FormOptions // submit text, hidden submit/title, read-only, onChange
	Mode               RenderMode  // "" is MODAL
	ContainerID        string      // INLINE: the id of the container element
	ChatBotUI          bool        // passed through to did-render-function
	// Payload (a JSON object) gives each text field a tag menu of its
	// values; with AutoMapPayload it is also sent as _variables, and the
	// arguments the server suggests prefill the form under Params
	// (docs/protocol.md#surface-payload).
	Payload        []byte
	AutoMapPayload bool
	// OnLoad, when set, gets the signature once the form is on screen,
	// instead of did-render-function: the loader's renderFunctionForm
	// builds the official AI-tool form on it
	// (docs/protocol.md#surface-function-form).
	OnLoad func(signature []byte)
	// Signature, when set, is the form's signature: it is not fetched
	// (the loader's renderFormFields, docs/protocol.md#surface-form-fields).
	Signature []byte
}

// widget is the lock every DOM change of one shown widget takes.
type widget struct{ mu sync.Mutex }

func (w *widget) lock() func() {
	w.mu.Lock()
	return w.mu.Unlock
}

// ShowFunction fetches the function's signature once (with include=meta),
// renders its form in a modal or inline, and blocks until the person
// submits (the typed values), closes the modal by its close button, Escape or
// the backdrop (a cancelled error, after modal-closed is emitted:
// docs/protocol.md#differs-modal-closed), or ctx ends (its error; the widget
// is removed). It emits
// did-render-function once the form is painted. If the function's app is
// not connected, the form offers "Connect {App}" and submits only after.
//
// Call it from a goroutine, never from an event handler: it waits.
func ShowFunction(ctx context.Context, env Env, name string, o FunctionOptions) ([]byte, error) {
	if name == "" {
		return nil, sdk.InvalidArgument("showFunction requires a function name")
	}
	mode, container, err := env.place(o.Mode, o.ContainerID, "form")
	if err != nil {
		return nil, err
	}
	gopts := &sdk.GetFunctionOptions{IncludeMeta: true, Version: o.Version, AllowWorkspace: o.AllowWorkspace}
	if o.AutoMapPayload && len(o.Payload) > 0 {
		gopts.Variables = o.Payload
	}
	fn := &sdk.Function{}
	if o.Signature != nil {
		fn.Doc, err = sdk.ParseDoc(o.Signature)
	} else {
		fn, err = env.API.GetFunction(ctx, name, gopts)
	}
	if err != nil {
		return nil, err
	}
	form, err := parseForm(fn.Doc)
	if err != nil {
		return nil, err
	}
	if gopts.Variables != nil && fn.Arguments != nil && fn.Arguments.Kind() == sdk.KindObject {
		if err := form.Prefill(fn.Arguments.JSON()); err != nil {
			return nil, err
		}
	}
	if err := form.Prefill(o.Params); err != nil {
		return nil, err
	}
	form.Hide(o.HiddenFields, o.VisibleFields)
	if id := o.ConnectedAccountID; id != "" && form.App != nil && form.App.IsConnected() && !form.App.HasAccount(id) {
		return nil, &sdk.Error{Code: sdk.CodeNotConnected, Message: "connected account " + id + " is not one of the user's " + appTitle(form.App) + " accounts"}
	}

	s := env.strings()
	var w widget
	submitted := make(chan []byte, 1)
	dismissed := make(chan struct{}, 1)
	flowCtx, stopFlows := context.WithCancel(ctx)
	defer stopFlows()

	unlock := w.lock()
	fo := o.Form
	fo.ShowTitle = mode == ModeInline
	fo.Sources = &SourceEnv{
		Fetch:  env.API.DataSource,
		Params: SourceParams{AccountID: o.ConnectedAccountID, AllowWorkspace: o.AllowWorkspace},
		Ctx:    flowCtx,
	}
	fo.Events = env.Events
	var view *FormView
	var tagOffs []func()
	defer func() {
		for _, off := range tagOffs {
			off()
		}
	}()
	fo.afterInput = tagMenu(env.Doc, s, PayloadTags(o.Payload), &view, w.lock, &tagOffs)
	view = NewFormView(env.Doc, s, form, fo, w.lock)
	view.OnSubmit = func(v []byte) {
		select {
		case submitted <- v:
		default:
		}
	}
	view.OnConnect = func(app *sdk.App) { // inside the click, lock held
		if env.StartConnect == nil {
			view.ConnectFailed(sdk.NewError(sdk.CodeInternal, "connect is not available"))
			return
		}
		wait, err := env.StartConnect(app.Name)
		if err != nil {
			view.ConnectFailed(err)
			return
		}
		view.Connecting()
		spawn(env.Events, "the form's connect", func() {
			res, err := wait(flowCtx)
			if flowCtx.Err() != nil {
				return
			}
			defer w.lock()()
			if err != nil {
				view.ConnectFailed(err)
				return
			}
			view.Connected(res.App) // the form stays; the person submits when ready
		}, func() {
			defer w.lock()()
			view.ConnectFailed(sdk.NewError(sdk.CodeInternal, "connect failed"))
		})
	}
	if env.Events != nil && form.App != nil {
		// A connect made elsewhere on the page (connectApp, a connect
		// button, the marketplace) ends the wait as the banner's own would.
		appName := form.App.Name
		defer env.Events.On(sdk.EventAppConnected, func(p any) {
			app, ok := p.(*sdk.App)
			if !ok || app == nil || app.Name != appName {
				return
			}
			spawn(env.Events, "the form's connect made elsewhere", func() {
				defer w.lock()()
				if !view.destroyed && view.banner != nil {
					view.Connected(app)
				}
			}, nil)
		})()
	}
	var modal *Modal
	if mode == ModeModal {
		modal = NewModal(env.Doc, s, form.Title, func() {
			select {
			case dismissed <- struct{}{}:
			default:
			}
		})
		if form.App != nil {
			modal.SetIcon(form.App.IconURL)
		}
		if fo.HideTitle {
			modal.title.SetAttr("class", "integry-modal-title integry-visually-hidden")
		}
		modal.Body().Append(view.Root())
		modal.MountIn(o.ContainerID, FunctionFormWrapID)
	} else {
		wrap := el(env.Doc, "div", "integry-root integry-inline", "lang", s.Lang())
		wrap.Append(view.Root())
		container.Append(wrap)
		defer wrap.Remove()
	}
	payload := RenderPayload{FunctionName: name, RenderMode: mode, ContainerID: o.ContainerID, ChatBotUI: o.ChatBotUI, IsReadOnly: fo.ReadOnly}
	if PageNode(o.ContainerID) {
		payload.ContainerID = "" // a node has no id to report
	}
	env.Doc.AfterPaint(func() {
		if o.OnLoad != nil {
			o.OnLoad(fn.Doc.JSON())
			return
		}
		env.emit(sdk.EventDidRenderFunction, payload)
	})
	unlock()

	destroy := func() {
		defer w.lock()()
		view.Destroy()
		if modal != nil {
			modal.Destroy()
		}
	}
	select {
	case v := <-submitted:
		destroy()
		return v, nil
	case <-dismissed:
		destroy()
		env.emit(sdk.EventModalClosed, struct{}{})
		return nil, &sdk.Error{Code: sdk.CodeCancelled, Message: "The form was closed by the user"}
	case <-ctx.Done():
		destroy()
		return nil, sdk.AsError(context.Cause(ctx))
	}
}
