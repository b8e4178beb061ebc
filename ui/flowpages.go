package ui

import (
	"strconv"
	"strings"

	"github.com/integry-go/integry/sdk"
)

// The setup form's pages (docs/flows.md#ours): one per step (its account,
// then its fields in the function form's view, with the trigger's data as
// tags), then the confirmation with the integration's name.

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
					f.reloadOptions(id)
					f.emitAccount(id)
					f.checkAccount(i)
				}
			}))
		}
		f.addAccountButton(box, i)
		f.pageEl.Append(box)
	}
	next := "flow_next"
	fo := FormOptions{SubmitText: f.s.T(next), Events: f.env.Events, afterInput: f.tagMenu(i)}
	if s.account != 0 || !s.needsAuth() {
		fo.Sources = &SourceEnv{Fetch: f.env.API.DataSource, Params: SourceParams{AccountID: accountText(s.account)}, Ctx: f.ctx}
	}
	f.view = NewFormView(doc, f.s, s.form, fo, f.w.lock)
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
		f.emitAccount(s.account)
	}
	if s.needsAuth() {
		f.emitStep(s.st.ID, "AUTH")
	}
	if len(s.form.Fields) > 0 {
		f.emitStep(s.st.ID, "CONFIGURATION")
	}
}

// accountText is an account ID as a data source's query names it; "" for
// none.
func accountText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// reloadOptions asks the page's dropdowns for the options of another
// account: their value goes, as in the official form, whose dynamic
// dropdown reloads and clears itself when the step's account changes.
// Lock held.
func (f *FlowSetup) reloadOptions(account int64) {
	if f.view == nil || f.view.src == nil {
		return
	}
	f.view.src.Params.AccountID = accountText(account)
	for _, w := range f.view.widgets {
		if w.drop != nil {
			w.drop.reset()
		}
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

// triggerTags lists the trigger's sample data as tags
// ({steps.trigger.out.a.b}), nested objects flattened with dots, in the
// sample's order: the payload menu's tags (PayloadTags) under the step.
func triggerTags(st *sdk.TemplateStep) []Tag {
	if st.Output == nil {
		return nil
	}
	out := PayloadTags(st.Output.JSON())
	for i, t := range out {
		out[i].Tag = "{steps." + st.MachineName + ".out." + t.Label + "}"
	}
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
	f.emitStep(0, "CONFIRMATION")
}

// sortOptions orders a template dropdown's options by label, stably and
// without regard to case, as the official form's collator does for plain
// words (it also orders runs of digits by their number; ours by their
// characters: docs/flows.md#dynamic-fields).
func sortOptions(o []Option) {
	for i := 1; i < len(o); i++ {
		for j := i; j > 0 && strings.ToLower(o[j].Label) < strings.ToLower(o[j-1].Label); j-- {
			o[j], o[j-1] = o[j-1], o[j]
		}
	}
}
