package ui

import (
	"strconv"
	"strings"

	"github.com/integry-go/integry/sdk"
)

// A dropdown's options (dropdown.go is the combobox around them): loading
// the source's pages, starting over when a field the source refers to
// changes, and the list and status line they show.

// labelOf returns the label of the option with value val (val itself when
// it is not loaded).
func (d *dropdown) labelOf(val string) string {
	for _, o := range d.f.Options {
		if o.Value == val {
			return o.Label
		}
	}
	return val
}

// fetch loads the first page, or the next one when next is set and there
// is one. Lock held.
func (d *dropdown) fetch(next bool) {
	if next && (d.cursor == "" || !d.loaded) {
		return
	}
	cursor := ""
	if next {
		cursor = d.cursor
	}
	var opts []Option
	var cur string
	waiting, started := d.load.start(cursor, func(body sdk.Doc) (err error) {
		opts, cur, err = ParseOptions(body, d.f.Dynamic)
		return err
	}, func(err error) {
		if err != nil {
			d.failed = true
			d.setStatus(d.v.s.T("options_error", "error", sdk.AsError(err).Message), true)
			return
		}
		d.loaded, d.cursor = true, cur
		d.f.AddOptions(opts)
		if s := d.f.Dynamic; s != nil && s.PickLone {
			sortOptions(d.f.Options)
			if len(d.f.Options) == 1 && d.f.text == "" {
				d.choose(0) // a template field has no host callback to run
			}
		}
		if !d.open && d.f.Kind == KindSelect && d.f.text != "" && d.input.Value() == d.f.text {
			d.input.SetValue(d.labelOf(d.f.text)) // the prefilled ID's label arrived
		}
		if d.chips != nil {
			d.renderChips()
		}
		d.render()
	})
	switch {
	case len(waiting) > 0:
		d.waiting, d.cursor = true, "" // no next page until the field is filled (and render asks for none)
		d.setStatus(d.v.s.T("choose_first", "field", strings.Join(waiting, ", ")), false)
		d.render()
	case started:
		d.waiting, d.failed = false, false
		d.setStatus(d.v.s.T("loading_options"), false)
	}
}

// reset forgets the options and the value, after a field the source
// refers to changed, and loads again. Lock held.
func (d *dropdown) reset() {
	d.load.reset()
	d.loaded, d.failed, d.cursor, d.query = false, false, "", ""
	d.v.form.ResetOptions(d.f)
	d.input.SetValue("")
	d.syncValues()
	if d.chips != nil {
		d.renderChips()
	}
	d.render()
	d.fetch(false)
}

func (d *dropdown) setStatus(text string, retry bool) { showStatus(d.status, d.retry, text, retry) }

// render rebuilds the list for the current search, and the status line.
// Lock held.
func (d *dropdown) render() {
	q := strings.ToLower(strings.TrimSpace(d.query))
	d.visible = d.visible[:0]
	for i, o := range d.f.Options {
		if q == "" || strings.Contains(strings.ToLower(o.Label), q) || strings.Contains(strings.ToLower(o.Value), q) {
			d.visible = append(d.visible, i)
		}
	}
	if d.active >= len(d.visible) {
		d.active = len(d.visible) - 1
	}
	d.list.Clear()
	for n, i := range d.visible {
		o := d.f.Options[i]
		li := textEl(d.v.doc, "li", "integry-option", o.Label, "role", "option", "id", d.listID+"-"+strconv.Itoa(n),
			"data-index", strconv.Itoa(n), "aria-selected", strconv.FormatBool(d.chosen(o.Value)))
		if n == d.active {
			li.SetAttr("class", "integry-option integry-option-active")
		}
		d.list.Append(li)
	}
	if d.active >= 0 {
		d.input.SetAttr("aria-activedescendant", d.listID+"-"+strconv.Itoa(d.active))
	} else if d.input.Attr("aria-activedescendant") != "" {
		d.input.RemoveAttr("aria-activedescendant")
	}
	switch {
	case d.load.loading || d.waiting || d.failed:
		// their status stays
	case d.loaded && len(d.f.Options) == 0:
		d.setStatus(d.v.s.T("no_options"), false)
	case d.loaded && len(d.visible) == 0 && q != "":
		d.setStatus(d.v.s.T("no_matches", "query", d.query), false)
	default:
		d.setStatus("", false)
	}
	// Few matches for a search: look in the next page too.
	if q != "" && len(d.visible) < moreWhileSearching && d.cursor != "" && !d.load.loading {
		d.fetch(true)
	}
}

func (d *dropdown) chosen(val string) bool {
	if d.f.Kind == KindMultiSelect {
		for _, s := range d.f.selected {
			if s == val {
				return true
			}
		}
		return false
	}
	return d.f.text == val && val != ""
}
