package ui

import "strings"

// The form view's widgets: the fieldset, label, help, error line and
// control of each field, by its kind. formview.go puts them together and
// handles their events.

func (v *FormView) addFields(parent Element, fields []*Field) {
	v.addFieldsInto(parent, fields, nil)
}

// addFieldsInto builds the widgets of fields into parent and adds them to
// v.widgets. owner is the custom-fields sub-form they are in (nil at the
// top), which keeps their listeners' offs, to rebuild.
func (v *FormView) addFieldsInto(parent Element, fields []*Field, owner *customFields) {
	offs := &v.offs
	if owner != nil {
		offs = &owner.offs
	}
	for _, f := range fields {
		if f.Hidden {
			continue // still submitted, never shown
		}
		id := newID(v.doc, "f-"+f.ID())
		w := &fieldWidget{f: f, owner: owner, errID: id + "-error"}
		if f.Help != "" || f.Kind == KindList || f.Kind == KindJSON {
			w.helpID = id + "-help"
		}
		switch {
		case f.Kind == KindGroup: // data-field: the AI-tool form's box (docs/protocol.md#surface-function-form)
			fs := el(v.doc, "fieldset", "integry-fieldset", "data-field", f.MachineName)
			fs.Append(v.legend(f))
			if w.helpID != "" {
				fs.Append(textEl(v.doc, "p", "integry-help", f.Help, "id", w.helpID))
				fs.SetAttr("aria-describedby", w.helpID)
			}
			parent.Append(fs)
			v.addFieldsInto(fs, f.Children, owner)
			continue
		case f.Kind == KindCustom:
			w.custom = v.newCustomFields(parent, w) // its sub-fields follow, once loaded
		case f.Dynamic != nil && (f.Kind == KindSelect || f.Kind == KindMultiSelect):
			box := el(v.doc, "div", "integry-field")
			box.Append(v.label(f, id))
			w.drop = v.newDropdown(box, w, id)
			v.appendHelpAndError(box, w)
			parent.Append(box)
		case f.Kind == KindMultiSelect:
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
				*offs = append(*offs, cb.On("change", func(Event) { v.changed(w) }))
			}
			v.appendHelpAndError(fs, w)
			parent.Append(fs)
		default:
			box := el(v.doc, "div", "integry-field")
			box.Append(v.label(f, id))
			w.input = v.input(f, id)
			box.Append(w.input)
			if v.opts.afterInput != nil { // the flow form's tag menu (ui/flowsetup.go)
				if x := v.opts.afterInput(w); x != nil {
					box.Append(x)
				}
			}
			v.appendHelpAndError(box, w)
			parent.Append(box)
			// input fires for selects too (HTML spec), and change would
			// report a text edit a second time on blur.
			*offs = append(*offs, w.input.On("input", func(Event) { v.changed(w) }))
		}
		v.widgets = append(v.widgets, w)
		v.describe(w)
	}
}

// legend is a fieldset's caption: the field's label, starred when required.
func (v *FormView) legend(f *Field) Element {
	return v.caption(el(v.doc, "legend", "integry-legend"), f)
}

// label is the <label> of the control with id.
func (v *FormView) label(f *Field, id string) Element {
	return v.caption(el(v.doc, "label", "integry-label", "for", id), f)
}

// caption fills a legend or label with the field's label, starred when
// the field is required.
func (v *FormView) caption(e Element, f *Field) Element {
	e.Append(textEl(v.doc, "span", "", f.Label))
	if f.Required {
		e.Append(textEl(v.doc, "span", "integry-required", "*", "aria-hidden", "true"))
	}
	return e
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
