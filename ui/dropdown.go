package ui

import (
	"strconv"
	"strings"
)

// dropdown is a DYNAMIC_DROPDOWN on screen: an ARIA combobox (a text input
// that searches, and a listbox) whose options arrive page by page from the
// field's data source. The first page loads when the form is shown (so a
// prefilled ID gets its label); the next one when the list is scrolled to
// its end, when the arrow keys reach its last option, or while a search
// matches few of the options loaded so far. It shows loading, empty and
// error states (with a Try again button), and waits for the fields its
// source refers to. A multiselect keeps its list open and shows the chosen
// values as removable chips.
//
// Goroutines: as the form view's: listeners take the view's lock, never
// block, and start fetches in goroutines that take the lock again to show
// the page.
type dropdown struct {
	v      *FormView
	w      *fieldWidget
	f      *Field
	input  Element
	list   Element
	status Element
	retry  Element
	chips  Element // multiselect only
	values Element // the hidden inputs that carry the value
	listID string

	load     sourceLoad // its data-source requests
	cursor   string     // the next page's, "" when none
	loaded   bool       // the first page arrived
	failed   bool
	waiting  bool // a field it refers to is empty
	open     bool
	query    string
	visible  []int // indices into f.Options shown in the list
	active   int   // index into visible, -1 for none
	blurStop func()
	chipOffs []func() // the chips' remove buttons
}

// moreWhileSearching is how few matches make a search load the next page.
const moreWhileSearching = 8

// nearEnd is how close to the end of the list (CSS pixels) a scroll loads
// the next page.
const nearEnd = 48

// newDropdown builds the combobox of w's field into box. Lock held.
func (v *FormView) newDropdown(box Element, w *fieldWidget, id string) *dropdown {
	f := w.f
	d := &dropdown{v: v, w: w, f: f, listID: id + "-list", active: -1, load: sourceLoad{v: v, f: f, what: "a dropdown's options"}}
	multi := f.Kind == KindMultiSelect
	wrap := el(v.doc, "div", "integry-combo")
	// The text input searches; the value goes in hidden inputs named after
	// the field, so the form's elements and FormData carry the chosen IDs,
	// as a <select> would.
	d.input = el(v.doc, "input", "integry-input integry-combo-input", "type", "text", "id", id, "data-field", f.MachineName,
		"role", "combobox", "aria-autocomplete", "list", "aria-expanded", "false", "aria-controls", d.listID, "autocomplete", "off")
	d.values = el(v.doc, "span", "integry-combo-values")
	placeholder := f.Placeholder
	if placeholder == "" {
		placeholder = v.s.T("choose")
	}
	d.input.SetAttr("placeholder", placeholder)
	if f.Required {
		d.input.SetAttr("aria-required", "true")
	}
	if v.opts.ReadOnly {
		d.input.SetAttr("readonly", "")
	}
	d.list = el(v.doc, "ul", "integry-listbox", "id", d.listID, "role", "listbox", "tabindex", "-1", "hidden", "",
		"aria-label", f.Label)
	if multi {
		d.list.SetAttr("aria-multiselectable", "true")
	}
	row := el(v.doc, "div", "integry-combo-status")
	d.status = el(v.doc, "span", "", "role", "status", "aria-live", "polite")
	d.retry = textEl(v.doc, "button", "integry-button integry-button-secondary integry-retry", v.s.T("retry"), "type", "button", "hidden", "")
	row.Append(d.status, d.retry)
	wrap.Append(d.input, d.list, d.values)
	box.Append(wrap)
	d.syncValues()
	if multi {
		d.chips = el(v.doc, "ul", "integry-chips", "aria-label", f.Label)
		box.Append(d.chips)
		d.renderChips()
	} else if f.text != "" {
		d.input.SetValue(d.labelOf(f.text))
	}
	box.Append(row)
	w.input = d.input

	v.offs = append(v.offs,
		d.input.On("click", func(Event) { d.locked(d.openList) }),
		d.input.On("focus", func(Event) { d.locked(d.cancelBlur) }),
		d.input.On("input", func(Event) { d.locked(d.typed) }),
		d.input.On("keydown", d.keydown),
		d.input.On("blur", func(Event) { d.locked(d.blurred) }),
		// A press on the list must not take the focus from the input.
		d.list.On("mousedown", func(ev Event) { ev.PreventDefault() }),
		d.list.On("click", d.clicked),
		d.list.On("scroll", func(Event) {
			d.locked(func() {
				if d.list.ScrollRemaining() <= nearEnd {
					d.fetch(true)
				}
			})
		}),
		d.retry.On("click", func(Event) { d.locked(func() { d.fetch(d.loaded) }) }),
	)
	return d
}

// locked runs fn with the view's lock held, unless the form is gone.
func (d *dropdown) locked(fn func()) {
	defer d.v.lock()()
	if !d.v.destroyed {
		fn()
	}
}

func (d *dropdown) openList() {
	if d.v.opts.ReadOnly || d.open {
		return
	}
	d.open = true
	d.list.RemoveAttr("hidden")
	d.input.SetAttr("aria-expanded", "true")
	if !d.loaded && !d.load.loading && !d.waiting {
		d.fetch(false)
	}
	d.render()
}

func (d *dropdown) closeList() {
	if !d.open {
		return
	}
	d.open, d.active, d.query = false, -1, ""
	d.list.SetAttr("hidden", "")
	d.input.SetAttr("aria-expanded", "false")
	d.render()
}

// typed searches the loaded options (and the next pages while few match).
func (d *dropdown) typed() {
	d.query = d.input.Value()
	d.active = -1
	if !d.open {
		d.openList()
		d.query = d.input.Value()
	}
	d.render()
}

func (d *dropdown) keydown(ev Event) {
	var after func()
	d.locked(func() {
		switch ev.Key() {
		case "ArrowDown", "Down":
			ev.PreventDefault()
			if !d.open {
				d.openList()
				return
			}
			if d.active < len(d.visible)-1 {
				d.active++
			}
			if d.active >= len(d.visible)-1 {
				d.fetch(true) // the arrow reached the end: load what follows
			}
			d.render()
		case "ArrowUp", "Up":
			ev.PreventDefault()
			if d.active > 0 {
				d.active--
				d.render()
			}
		case "Enter":
			if d.open {
				ev.PreventDefault() // choosing is not submitting
				if d.active >= 0 && d.active < len(d.visible) {
					after = d.choose(d.visible[d.active])
				}
			}
		case "Escape", "Esc":
			if d.open {
				// Handled: the modal leaves a prevented Escape alone, so
				// this one closes the list only.
				ev.PreventDefault()
				d.restore()
				d.closeList()
			}
		case "Tab":
			d.closeList()
		}
	})
	if after != nil {
		after()
	}
}

// clicked chooses the option clicked in the list.
func (d *dropdown) clicked(ev Event) {
	var after func()
	d.locked(func() {
		t := ev.Target()
		if t == nil {
			return
		}
		n, err := strconv.Atoi(t.Attr("data-index"))
		if err != nil || n < 0 || n >= len(d.visible) {
			return
		}
		after = d.choose(d.visible[n])
		d.input.Focus()
	})
	if after != nil {
		after()
	}
}

// choose selects (or, in a multiselect, toggles) option i and returns what
// must run after the lock is released (the host's onChangeCallback).
func (d *dropdown) choose(i int) func() {
	o := d.f.Options[i]
	if d.f.Kind == KindMultiSelect {
		sel := d.f.Selected()
		kept := sel[:0]
		had := false
		for _, s := range sel {
			if s == o.Value {
				had = true
				continue
			}
			kept = append(kept, s)
		}
		if !had {
			kept = append(kept, o.Value)
		}
		d.v.form.SetSelected(d.f, kept)
		d.renderChips()
		d.render()
	} else {
		d.v.form.SetText(d.f, o.Value)
		d.input.SetValue(o.Label)
		d.closeList()
	}
	d.syncValues()
	return d.v.afterChange(d.w)
}

// syncValues writes the chosen values into the hidden inputs. Lock held.
func (d *dropdown) syncValues() {
	d.values.Clear()
	vals := d.f.selected
	if d.f.Kind == KindSelect {
		vals = nil
		if d.f.text != "" {
			vals = []string{d.f.text}
		}
	}
	for _, val := range vals {
		d.values.Append(el(d.v.doc, "input", "", "type", "hidden", "name", d.f.MachineName, "value", val))
	}
}

// restore puts the chosen value's label back after a search (single select).
func (d *dropdown) restore() {
	if d.f.Kind == KindSelect {
		d.input.SetValue(d.labelOf(d.f.text))
	} else {
		d.input.SetValue("")
	}
}

// blurred closes the list once the focus has really left (a click on the
// list keeps it: the list prevents its mousedown). A single select keeps
// what the person typed: an option whose label it is, or the typed value
// itself, as the official dropdown lets people enter one.
func (d *dropdown) blurred() {
	d.cancelBlur()
	d.blurStop = d.v.doc.Later(0, func() {
		var after func()
		d.locked(func() {
			d.blurStop = nil
			if a := d.v.doc.ActiveElement(); a != nil && a.Is(d.input) {
				return
			}
			if d.f.Kind == KindSelect && d.open {
				typed := strings.TrimSpace(d.input.Value())
				switch {
				case typed == d.labelOf(d.f.text):
				case typed == "":
					d.v.form.SetText(d.f, "")
					d.syncValues()
					after = d.v.afterChange(d.w)
				default:
					val := typed
					for _, o := range d.f.Options {
						if strings.EqualFold(o.Label, typed) {
							val = o.Value
							break
						}
					}
					d.f.AddOptions([]Option{{Value: val, Label: d.labelOf(val), id: textValue(val)}})
					d.v.form.SetText(d.f, val)
					d.input.SetValue(d.labelOf(val))
					d.syncValues()
					after = d.v.afterChange(d.w)
				}
			} else if d.f.Kind == KindMultiSelect {
				d.input.SetValue("")
			}
			d.closeList()
		})
		if after != nil {
			after()
		}
	})
}

func (d *dropdown) cancelBlur() {
	if d.blurStop != nil {
		d.blurStop()
		d.blurStop = nil
	}
}

// renderChips shows a multiselect's chosen values, each with a button that
// removes it. Lock held.
func (d *dropdown) renderChips() {
	for _, off := range d.chipOffs {
		off()
	}
	d.chipOffs = nil
	d.chips.Clear()
	for _, val := range d.f.selected {
		label := d.labelOf(val)
		li := el(d.v.doc, "li", "integry-chip")
		li.Append(textEl(d.v.doc, "span", "", label))
		if !d.v.opts.ReadOnly {
			b := textEl(d.v.doc, "button", "integry-chip-remove", "×", "type", "button", "aria-label", d.v.s.T("remove_value", "value", label))
			val := val
			d.chipOffs = append(d.chipOffs, b.On("click", func(Event) {
				var after func()
				d.locked(func() {
					kept := []string{}
					for _, s := range d.f.selected {
						if s != val {
							kept = append(kept, s)
						}
					}
					d.v.form.SetSelected(d.f, kept)
					d.renderChips()
					d.render()
					d.syncValues()
					d.input.Focus()
					after = d.v.afterChange(d.w)
				})
				if after != nil {
					after()
				}
			}))
			li.Append(b)
		}
		d.chips.Append(li)
	}
}
