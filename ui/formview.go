package ui

import (
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
	// {fieldMachineName, value} of the official typings (defect 18). It runs
	// on the event-loop goroutine and must not block.
	OnChange func(machineName string, value []byte)
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
	widgets []*fieldWidget
	offs    []func()
	app     *sdk.App

	// OnSubmit receives the typed values of a valid submit. It runs on the
	// event-loop goroutine with the lock held and must not block.
	OnSubmit func(values []byte)
	// OnConnect runs inside the click on "Connect {App}", so that it can
	// open the connect popup synchronously. Lock held; must not block.
	OnConnect func(app *sdk.App)
}

type fieldWidget struct {
	f      *Field
	input  Element   // the input, select or textarea; the fieldset for multiselects
	checks []Element // multiselect checkboxes, in Options order
	errEl  Element
	shown  bool // a message is on screen
	helpID string
	errID  string
}

// NewFormView builds the form's DOM, detached; Root returns it for the
// caller to attach. lock is the owner's lock (listeners take it).
func NewFormView(doc Document, s *Strings, form *Form, opts FormOptions, lock func() func()) *FormView {
	injectStyle(doc)
	v := &FormView{doc: doc, s: s, form: form, opts: opts, lock: lock, app: form.App}
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
	return v
}

func appTitle(a *sdk.App) string {
	if a.Title != "" {
		return a.Title
	}
	return a.Name
}

// Root returns the <form> element.
func (v *FormView) Root() Element { return v.root }

func (v *FormView) addFields(parent Element, fields []*Field) {
	for _, f := range fields {
		if f.Hidden {
			continue // still submitted, never shown
		}
		id := newID("f-" + f.ID())
		w := &fieldWidget{f: f, errID: id + "-error"}
		if f.Help != "" || f.Kind == KindList || f.Kind == KindJSON {
			w.helpID = id + "-help"
		}
		switch f.Kind {
		case KindGroup:
			fs := el(v.doc, "fieldset", "integry-fieldset")
			fs.Append(v.legend(f))
			if w.helpID != "" {
				fs.Append(textEl(v.doc, "p", "integry-help", f.Help, "id", w.helpID))
				fs.SetAttr("aria-describedby", w.helpID)
			}
			parent.Append(fs)
			v.addFields(fs, f.Children)
			continue
		case KindMultiSelect:
			fs := el(v.doc, "fieldset", "integry-fieldset integry-field")
			fs.Append(v.legend(f))
			w.input = fs
			for _, o := range f.Options {
				lab := el(v.doc, "label", "integry-check")
				cb := el(v.doc, "input", "", "type", "checkbox", "name", f.MachineName, "value", o.Value)
				if v.opts.ReadOnly {
					cb.SetAttr("disabled", "")
				}
				for _, s := range f.selected {
					if s == o.Value {
						cb.SetChecked(true)
					}
				}
				lab.Append(cb, textEl(v.doc, "span", "", o.Label))
				fs.Append(lab)
				w.checks = append(w.checks, cb)
				v.offs = append(v.offs, cb.On("change", func(Event) { v.changed(w) }))
			}
			v.appendHelpAndError(fs, w)
			parent.Append(fs)
		default:
			box := el(v.doc, "div", "integry-field")
			lab := el(v.doc, "label", "integry-label", "for", id)
			lab.Append(textEl(v.doc, "span", "", f.Label))
			if f.Required {
				lab.Append(textEl(v.doc, "span", "integry-required", "*", "aria-hidden", "true"))
			}
			box.Append(lab)
			w.input = v.input(f, id)
			box.Append(w.input)
			v.appendHelpAndError(box, w)
			parent.Append(box)
			// input fires for selects too (HTML spec), and change would
			// report a text edit a second time on blur.
			v.offs = append(v.offs, w.input.On("input", func(Event) { v.changed(w) }))
		}
		v.widgets = append(v.widgets, w)
		v.describe(w)
	}
}

func (v *FormView) legend(f *Field) Element {
	lg := el(v.doc, "legend", "integry-legend")
	lg.Append(textEl(v.doc, "span", "", f.Label))
	if f.Required {
		lg.Append(textEl(v.doc, "span", "integry-required", "*", "aria-hidden", "true"))
	}
	return lg
}

func (v *FormView) appendHelpAndError(box Element, w *fieldWidget) {
	if w.helpID != "" {
		help := w.f.Help
		switch w.f.Kind {
		case KindList:
			help = strings.TrimSpace(help + " " + v.s.T("list_hint"))
		case KindJSON:
			help = strings.TrimSpace(help + " " + v.s.T("json_hint"))
		}
		box.Append(textEl(v.doc, "p", "integry-help", help, "id", w.helpID))
	}
	w.errEl = el(v.doc, "p", "integry-error", "id", w.errID)
	box.Append(w.errEl)
}

// input builds the control of a one-value field.
func (v *FormView) input(f *Field, id string) Element {
	var in Element
	switch f.Kind {
	case KindTextarea, KindList, KindJSON:
		in = el(v.doc, "textarea", "integry-input", "rows", "3")
	case KindBoolean, KindSelect:
		in = el(v.doc, "select", "integry-input")
		first := f.Placeholder
		if first == "" {
			first = v.s.T("choose")
		}
		in.Append(textEl(v.doc, "option", "", first, "value", ""))
		if f.Kind == KindBoolean {
			in.Append(textEl(v.doc, "option", "", v.s.T("yes"), "value", "true"),
				textEl(v.doc, "option", "", v.s.T("no"), "value", "false"))
		} else {
			for _, o := range f.Options {
				in.Append(textEl(v.doc, "option", "", o.Label, "value", o.Value))
			}
		}
	case KindNumber:
		mode := "decimal"
		if f.Type == "integer" {
			mode = "numeric"
		}
		// type=text: a type=number input hides what was typed when it is not a
		// number, and the person would get no message.
		in = el(v.doc, "input", "integry-input", "type", "text", "inputmode", mode)
	default:
		in = el(v.doc, "input", "integry-input", "type", "text")
	}
	in.SetAttr("id", id)
	in.SetAttr("name", f.MachineName)
	if f.Placeholder != "" && f.Kind != KindSelect && f.Kind != KindBoolean {
		in.SetAttr("placeholder", f.Placeholder)
	}
	if f.Required {
		in.SetAttr("aria-required", "true")
	}
	if v.opts.ReadOnly {
		if f.Kind == KindSelect || f.Kind == KindBoolean {
			in.SetAttr("disabled", "")
		} else {
			in.SetAttr("readonly", "")
		}
	}
	if f.text != "" {
		in.SetValue(f.text)
	}
	return in
}

// read copies what the widget shows into the form.
func (v *FormView) read(w *fieldWidget) {
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
	v.read(w)
	v.describe(w)
	cb := v.opts.OnChange
	var val []byte
	if cb != nil {
		val = []byte("null")
		if tv, p := w.f.typed(); p == nil && tv != nil {
			var b strings.Builder
			tv.encode(&b, "")
			val = []byte(b.String())
		}
	}
	unlock()
	if cb != nil { // outside the lock: the host's callback may call back into the SDK
		cb(w.f.MachineName, val)
	}
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
	if w.f.Kind == KindMultiSelect {
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

// Connected removes the connect banner and enables the submit button.
// Lock held.
func (v *FormView) Connected(app *sdk.App) {
	if app != nil {
		v.app = app
		v.form.App = app
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
}

// Destroy removes the form's listeners and the form. Lock held.
func (v *FormView) Destroy() {
	for _, off := range v.offs {
		off()
	}
	v.offs = nil
	v.root.Remove()
}
