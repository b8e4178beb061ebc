package ui

import (
	"github.com/integry-go/integry/internal/jsonx"
)

// The tag menu: beside each text field of a function's form, a menu of
// the values of showFunction's payload. Choosing one appends its tag
// ({key}, nested keys joined with dots) to the field, as the official
// form's mapping menu does; the page later fills the tags by passing the
// payload as callFunction's vars (docs/protocol.md#surface-payload).

// Tag is one entry of a tag menu: Tag is what goes into the field, Label
// what the menu shows.
type Tag struct{ Tag, Label string }

// maxTags bounds a menu: a payload is the page's data, not a document.
const maxTags = 200

// PayloadTags lists the values of a payload (a JSON object) as tags, in
// the payload's order: {key} for each value that is no object, {a.b} for
// the values of nested objects (at most four levels). Anything else gives
// none.
func PayloadTags(payload []byte) []Tag {
	v, err := jsonx.Parse(payload)
	if err != nil || v.Kind != jsonx.Object {
		return nil
	}
	var out []Tag
	var walk func(v *jsonx.Value, path string, depth int)
	walk = func(v *jsonx.Value, path string, depth int) {
		if len(out) >= maxTags {
			return
		}
		if v.Kind == jsonx.Object && depth < 4 {
			for _, f := range v.Fields {
				p := f.Key
				if path != "" {
					p = path + "." + f.Key
				}
				walk(f.Value, p, depth+1)
			}
			return
		}
		if path != "" {
			out = append(out, Tag{Tag: "{" + path + "}", Label: path})
		}
	}
	walk(v, "", 0)
	return out
}

// tagMenu is the form's afterInput hook for tags: after each one-line or
// multi-line text field, a select whose choice appends its tag to the
// field and reports the change. view is read when a tag is chosen (the
// form is made after its hook); lock is the form's lock.
func tagMenu(doc Document, s *Strings, tags []Tag, view **FormView, lock func() func(), offs *[]func()) func(w *fieldWidget) Element {
	if len(tags) == 0 {
		return nil
	}
	return func(w *fieldWidget) Element {
		if w.f.Kind != KindText && w.f.Kind != KindTextarea {
			return nil
		}
		current := func() *FormView {
			if v := *view; v != nil && !v.destroyed {
				return v
			}
			return nil
		}
		return tagSelect(doc, s.T("insert_tag", "field", w.f.Label), "integry-tag-menu", w, tags, lock, current, offs, "data-field", w.f.MachineName)
	}
}

// tagSelect is one tag menu, after w's input: a select labelled label whose
// choice appends its tag to the field, gives the field the focus and
// reports the change to the form current returns (none once the form is
// gone). The payload menu and the flow form's trigger menu both use it.
func tagSelect(doc Document, label, class string, w *fieldWidget, tags []Tag, lock func() func(), current func() *FormView, offs *[]func(), attrs ...string) Element {
	sel := el(doc, "select", "integry-input "+class, append([]string{"aria-label", label}, attrs...)...)
	sel.Append(textEl(doc, "option", "", label, "value", ""))
	for _, t := range tags {
		sel.Append(textEl(doc, "option", "", t.Label, "value", t.Tag))
	}
	*offs = append(*offs, sel.On("change", func(Event) {
		unlock := lock()
		tag, v := sel.Value(), current()
		if tag == "" || v == nil {
			unlock()
			return
		}
		w.input.SetValue(w.input.Value() + tag)
		sel.SetValue("")
		w.input.Focus()
		unlock()
		v.changed(w)
	}))
	return sel
}
