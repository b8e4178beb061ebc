package ui

import (
	"github.com/integry-go/integry/sdk"
)

// customFields is a CUSTOM_FIELDS field on screen: a fieldset whose inputs
// come from the field's data source (see ParseCustomFields). It submits
// them as one nested object under the field's key. It shows loading, empty
// and error states (with Try again), waits for the fields its source
// refers to, and loads again when one of them changes.
//
// Goroutines: as the form view's; see dropdown.
type customFields struct {
	v      *FormView
	w      *fieldWidget
	f      *Field
	body   Element // where the sub-fields go
	status Element
	retry  Element
	load   sourceLoad // its data-source requests
	offs   []func()   // the sub-fields' listeners
}

// newCustomFields builds the fieldset of w's field into parent. Lock held.
func (v *FormView) newCustomFields(parent Element, w *fieldWidget) *customFields {
	c := &customFields{v: v, w: w, f: w.f, load: sourceLoad{v: v, f: w.f, what: "custom fields"}}
	fs := el(v.doc, "fieldset", "integry-fieldset integry-custom-fields", "data-field", w.f.MachineName) // docs/protocol.md#surface-function-form
	fs.Append(v.legend(w.f))
	if w.helpID != "" {
		fs.Append(textEl(v.doc, "p", "integry-help", w.f.Help, "id", w.helpID))
		fs.SetAttr("aria-describedby", w.helpID)
	}
	c.body = el(v.doc, "div", "integry-custom-body")
	row := el(v.doc, "div", "integry-combo-status")
	c.status = el(v.doc, "span", "", "role", "status", "aria-live", "polite")
	c.retry = textEl(v.doc, "button", "integry-button integry-button-secondary integry-retry", v.s.T("retry"), "type", "button", "hidden", "")
	row.Append(c.status, c.retry)
	fs.Append(row, c.body)
	parent.Append(fs)
	w.input = fs
	v.offs = append(v.offs, c.retry.On("click", func(Event) {
		defer v.lock()()
		if !v.destroyed {
			c.fetch()
		}
	}))
	return c
}

func (c *customFields) setStatus(text string, retry bool) { showStatus(c.status, c.retry, text, retry) }

// fetch loads the sub-fields. Lock held.
func (c *customFields) fetch() {
	v := c.v
	var children []*Field
	waiting, started := c.load.start("", func(body sdk.Doc) (err error) {
		children, err = ParseCustomFields(body, c.f.Dynamic, c.f)
		return err
	}, func(err error) {
		if err != nil {
			c.setStatus(v.s.T("fields_error", "error", sdk.AsError(err).Message), true)
			return
		}
		c.show(children)
	})
	switch {
	case len(waiting) > 0:
		c.setStatus(v.s.T("choose_first", "field", joinLabels(waiting)), false)
	case started:
		c.setStatus(v.s.T("loading_fields"), false)
	}
}

// show replaces the sub-fields with children. Lock held.
func (c *customFields) show(children []*Field) {
	c.clear()
	c.v.form.SetCustomFields(c.f, children)
	if len(children) == 0 {
		c.setStatus(c.v.s.T("no_fields"), false)
		return
	}
	c.setStatus("", false)
	c.v.addFieldsInto(c.body, children, c)
}

// clear removes the sub-fields' widgets and listeners. Lock held.
func (c *customFields) clear() {
	for _, off := range c.offs {
		off()
	}
	c.offs = nil
	kept := make([]*fieldWidget, 0, len(c.v.widgets))
	for _, w := range c.v.widgets {
		if w.in(c) {
			w.release() // a dropdown or sub-form among them
			continue
		}
		kept = append(kept, w)
	}
	c.v.widgets = kept
	c.body.Clear()
}

// reset loads the sub-fields again after a field the source refers to
// changed; what was typed in them is dropped. Lock held.
func (c *customFields) reset() {
	c.load.reset()
	c.clear()
	c.v.form.SetCustomFields(c.f, nil)
	c.fetch()
}

func joinLabels(labels []string) string {
	out := ""
	for i, l := range labels {
		if i > 0 {
			out += ", "
		}
		out += l
	}
	return out
}
